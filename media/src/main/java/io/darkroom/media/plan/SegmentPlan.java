package io.darkroom.media.plan;

/**
 * One segment of a clip: the source frames whose presentation time t (microseconds, as FFmpegFrameGrabber reports
 * it in {@code Frame.timestamp}) satisfies {@code startUs <= t < endUs}.
 *
 * @param index          0-based segment number
 * @param startUs        inclusive lower bound: half a frame before the nominal time of the segment's first frame
 *                       (for segment 0: {@code media.startUs} minus half a frame, a real, seekable time)
 * @param endUs          exclusive upper bound: the next segment's {@code startUs}; {@link Long#MAX_VALUE} for the last
 * @param expectedFrames frames the segment holds: exact for constant frame rate, nominal for variable frame rate
 */
public record SegmentPlan(int index, long startUs, long endUs, long expectedFrames) {

    /** True for the last segment of a clip (open end). */
    public boolean last() {
        return endUs == Long.MAX_VALUE;
    }

    /** Whether a frame with presentation time {@code tUs} belongs to this segment. */
    public boolean contains(long tUs) {
        return tUs >= startUs && tUs < endUs;
    }
}
