package io.darkroom.render;

/**
 * The steps of a video segment's render, timed apart so that a task's fixed cost (what a one-frame segment would
 * still pay) can be told from its per-frame cost.
 */
public enum RenderPhase {
    /** Opening the source and positioning the decoder: demuxer and decoder set-up, seeks, frames before the range. */
    OPEN,
    /** Filter graphs and encoders of every output, set up when the first frame of the range arrives. */
    SETUP,
    /** Decoding, filtering and encoding the frames of the range. */
    FRAMES,
    /** Flushing the encoders, writing the trailers, renaming the files. */
    CLOSE;

    /** The name used in metrics and logs: {@code open}, {@code setup}, {@code frames}, {@code close}. */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Receives one timing per phase of a segment that was written, on the rendering thread: keep it cheap. */
    @FunctionalInterface
    public interface Listener {
        void onPhase(RenderPhase phase, long nanos);
    }
}
