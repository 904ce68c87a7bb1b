package io.darkroom.media.plan;

import io.darkroom.contracts.MediaInfo;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a clip into segments of whole frames. See {@code DESIGN.md} beside this class for where boundaries go and why.
 *
 * <p>Segment k (0-based) starts at {@code media.startUs + round((k*N - 0.5) * frameDurationUs)}, where
 * {@code frameDurationUs = 1e6 * fpsDen / fpsNum} is kept as an exact fraction, so boundary k carries no error
 * accumulated from earlier boundaries (at most half a microsecond of rounding, ties rounded up). Segment 0 uses the
 * same formula (k = 0): half a frame before the first frame. The last segment ends at {@link Long#MAX_VALUE}.
 *
 * <p>For variable frame rate sources ({@code media.variableFrameRate}) the boundaries use the average rate and the
 * frame counts are nominal: N per segment and the remainder of {@code frameCount} in the last one; the actual split
 * depends on where the source's frames really fall.
 */
public final class SegmentPlanner {
    private static final BigInteger MICROS = BigInteger.valueOf(1_000_000);

    private SegmentPlanner() {
    }

    /**
     * Plans the segments of a clip.
     *
     * @param media         probe result; needs frameCount >= 1 and a positive fpsNum/fpsDen
     * @param segmentFrames N, frames per segment (the last segment may be shorter), >= 1
     * @throws IllegalArgumentException naming the offending value
     */
    public static List<SegmentPlan> plan(MediaInfo media, int segmentFrames) {
        if (segmentFrames < 1) {
            throw new IllegalArgumentException("segmentFrames must be at least 1, was " + segmentFrames);
        }
        if (media == null) {
            throw new IllegalArgumentException("media is null");
        }
        if (media.frameCount() < 1) {
            throw new IllegalArgumentException("media has no frames: frameCount " + media.frameCount());
        }
        if (media.fpsNum() <= 0 || media.fpsDen() <= 0) {
            throw new IllegalArgumentException(
                    "media has no usable frame rate: fpsNum/fpsDen " + media.fpsNum() + "/" + media.fpsDen());
        }
        long frames = media.frameCount();
        long count = (frames + segmentFrames - 1) / segmentFrames;
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many segments: " + count);
        }
        List<SegmentPlan> plans = new ArrayList<>((int) count);
        long start = boundaryUs(media, 0);
        for (int k = 0; k < count; k++) {
            boolean last = k == count - 1;
            long end = last ? Long.MAX_VALUE : boundaryUs(media, (long) (k + 1) * segmentFrames);
            long expected = last ? frames - (long) k * segmentFrames : segmentFrames;
            plans.add(new SegmentPlan(k, start, end, expected));
            start = end;
        }
        return List.copyOf(plans);
    }

    /**
     * Boundary before frame {@code frame}: {@code media.startUs + round((frame - 0.5) * 1e6 * fpsDen / fpsNum)},
     * computed exactly, ties rounded towards positive infinity.
     */
    public static long boundaryUs(MediaInfo media, long frame) {
        BigInteger num = BigInteger.valueOf(frame).shiftLeft(1).subtract(BigInteger.ONE)
                .multiply(MICROS).multiply(BigInteger.valueOf(media.fpsDen()));
        return Math.addExact(media.startUs(), roundHalfUp(num, BigInteger.valueOf(2L * media.fpsNum())));
    }

    /** Nominal presentation time of frame {@code frame}: {@code media.startUs + round(frame * 1e6 * fpsDen / fpsNum)}. */
    public static long frameTimeUs(MediaInfo media, long frame) {
        BigInteger num = BigInteger.valueOf(frame).multiply(MICROS).multiply(BigInteger.valueOf(media.fpsDen()));
        return Math.addExact(media.startUs(), roundHalfUp(num, BigInteger.valueOf(media.fpsNum())));
    }

    /** floor(num / den + 1/2) for den > 0, exactly. */
    private static long roundHalfUp(BigInteger num, BigInteger den) {
        BigInteger twiceDen = den.shiftLeft(1);
        BigInteger[] qr = num.shiftLeft(1).add(den).divideAndRemainder(twiceDen);
        BigInteger q = qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
        return q.longValueExact();
    }
}
