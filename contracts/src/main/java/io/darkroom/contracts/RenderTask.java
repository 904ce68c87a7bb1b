package io.darkroom.contracts;

import java.util.List;

/**
 * One unit of render work, published by process-service on {@code darkroom.tasks.<pool>} (key = taskId) and
 * taken by one render-worker through the pool's share group. One message per dispatch attempt.
 *
 * <p>A VIDEO_SEGMENT task owns the source frames whose presentation time t satisfies
 * {@code startUs <= t < endUs}. Boundaries sit half a frame before the first frame of a segment, so adjacent
 * segments partition the clip's frames exactly, whatever the frame rate (constant or variable).
 * An AUDIO task transcodes the whole clip's audio once.
 *
 * @param outputPrefix where attempt-unique files go: the worker appends
 *                     {@code .<output>.a<attempt>-d<delivery>-<worker>.<ext>} and never overwrites
 */
public record RenderTask(
        int schema,
        String taskId,
        String jobId,
        String clipId,
        int attempt,
        TaskKind kind,
        SourceRef source,
        int segmentIndex,
        long startUs,
        long endUs,
        long expectedFrames,
        int fpsNum,
        int fpsDen,
        int rotation,
        List<RenderOutput> outputs,
        SourceRef outputPrefix) {

    public static final int SCHEMA = 1;

    /**
     * One output of the segment, all written from one decode.
     *
     * @param name   recipe output name
     * @param preset preset id ({@link Preset#id()})
     * @param width  output width, even, rotation already accounted for
     * @param height output height, even
     * @param crf    CRF for codecs that take one, null otherwise
     */
    public record RenderOutput(String name, String preset, int width, int height, Integer crf) {
    }

    /** The kind of work in a task. */
    public enum TaskKind {
        /** Decode a frame range of the source's first video stream, process, encode a closed-GOP segment per output. */
        VIDEO_SEGMENT,
        /** Transcode the first audio stream of the whole clip, once per output preset's audio codec. */
        AUDIO
    }
}
