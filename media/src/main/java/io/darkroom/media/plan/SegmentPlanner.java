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

    private SegmentPlanner() {}

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
     * Plans the segments of a clip with cuts snapped to keyframes: each cut goes to the keyframe nearest to
     * {@code previous cut + N} within half a segment either way (else to the nominal frame), so a worker's seek
     * lands on its segment's first frame and decodes nothing it then discards. Boundaries stay half a frame before
     * the cut frame, so frames are still partitioned exactly. Variable-frame-rate sources, and sources whose
     * keyframes are unknown, get evenly spaced cuts ({@link #plan(MediaInfo, int)}).
     *
     * @param keyframeTimesUs presentation times of the source's keyframes (see io.darkroom.media.Keyframes)
     */
    public static List<SegmentPlan> plan(MediaInfo media, int segmentFrames, List<Long> keyframeTimesUs) {
        List<SegmentPlan> even = plan(media, segmentFrames);
        if (media.variableFrameRate() || keyframeTimesUs == null || keyframeTimesUs.isEmpty() || even.size() < 2) {
            return even;
        }
        java.util.TreeSet<Long> keyframes = keyframeIndices(media, keyframeTimesUs);
        long frames = media.frameCount();
        List<Long> cuts = new ArrayList<>();
        cuts.add(0L);
        long prev = 0;
        while (true) {
            long target = prev + segmentFrames;
            if (target >= frames) {
                break;
            }
            long cut = nearestKeyframe(keyframes, prev, target, segmentFrames);
            if (cut >= frames) {
                break;
            }
            cuts.add(cut);
            prev = cut;
        }
        List<SegmentPlan> plans = new ArrayList<>(cuts.size());
        for (int k = 0; k < cuts.size(); k++) {
            boolean last = k == cuts.size() - 1;
            long start = boundaryUs(media, cuts.get(k));
            long end = last ? Long.MAX_VALUE : boundaryUs(media, cuts.get(k + 1));
            long expected = (last ? frames : cuts.get(k + 1)) - cuts.get(k);
            plans.add(new SegmentPlan(k, start, end, expected));
        }
        return List.copyOf(plans);
    }

    /** Frame indices of the keyframes that sit on the nominal frame grid (within a quarter frame). */
    private static java.util.TreeSet<Long> keyframeIndices(MediaInfo media, List<Long> keyframeTimesUs) {
        java.util.TreeSet<Long> indices = new java.util.TreeSet<>();
        double frameUs = 1_000_000.0 * media.fpsDen() / media.fpsNum();
        for (long t : keyframeTimesUs) {
            long index = Math.round((t - media.startUs()) / frameUs);
            if (index > 0 && index < media.frameCount() && Math.abs(t - frameTimeUs(media, index)) < frameUs / 4) {
                indices.add(index);
            }
        }
        return indices;
    }

    /** The keyframe nearest to target in (prev + N/2, prev + 3N/2], earlier one on a tie; target when none. */
    private static long nearestKeyframe(java.util.TreeSet<Long> keyframes, long prev, long target, int n) {
        long low = prev + n / 2 + 1;
        long high = prev + n + n / 2;
        Long below = keyframes.floor(target);
        Long above = keyframes.ceiling(target);
        Long best = null;
        if (below != null && below >= low) {
            best = below;
        }
        if (above != null && above <= high && (best == null || above - target < target - best)) {
            best = above;
        }
        return best == null ? target : best;
    }

    /**
     * Boundary before frame {@code frame}: {@code media.startUs + round((frame - 0.5) * 1e6 * fpsDen / fpsNum)},
     * computed exactly, ties rounded towards positive infinity.
     */
    public static long boundaryUs(MediaInfo media, long frame) {
        BigInteger num = BigInteger.valueOf(frame)
                .shiftLeft(1)
                .subtract(BigInteger.ONE)
                .multiply(MICROS)
                .multiply(BigInteger.valueOf(media.fpsDen()));
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
