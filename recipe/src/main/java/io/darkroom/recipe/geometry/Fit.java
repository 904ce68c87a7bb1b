package io.darkroom.recipe.geometry;

import io.darkroom.contracts.MediaInfo;

/**
 * Output picture size for a source: its display size (rotation and pixel aspect applied, VBI cropped:
 * {@link SourceGeometry}) fitted inside a box.
 *
 * <p>Rules: aspect ratio kept (one scale factor for both sides, computed exactly), never upscaled, both sides even
 * (rounded to the nearest even number, ties up, at least 2), and never past the box or the display size: where
 * rounding up would cross either, the side drops to the even number below. A box side of 0 means unconstrained.
 * Example: a 2160x3840 portrait display fitted into 1280x720 scales by 720/3840; the width 405 rounds up to
 * <b>406</b>, giving 406x720.
 */
public final class Fit {

    /** An output size; both sides even. */
    public record Geometry(int width, int height) {}

    private Fit() {}

    /**
     * @param maxWidth  box width, 0 for unconstrained
     * @param maxHeight box height, 0 for unconstrained
     * @throws IllegalArgumentException for a negative box side or a media without display size, naming the value
     */
    public static Geometry fit(MediaInfo m, int maxWidth, int maxHeight) {
        ReformatGeometry.Picture up = SourceGeometry.upright(m, null);
        if (m.displayWidth() <= 0 || m.displayHeight() <= 0) {
            return fit(m.displayWidth(), m.displayHeight(), maxWidth, maxHeight);
        }
        return fit(OutputGeometry.displayWidth(up), up.height(), maxWidth, maxHeight);
    }

    /**
     * A display size {@code dw x dh} (square pixels) fitted into the box.
     *
     * @throws IllegalArgumentException for a negative box side or a size that is not positive
     */
    public static Geometry fit(int dw, int dh, int maxWidth, int maxHeight) {
        if (maxWidth < 0 || maxHeight < 0) {
            throw new IllegalArgumentException("box must not be negative: " + maxWidth + "x" + maxHeight);
        }
        if (dw <= 0 || dh <= 0) {
            throw new IllegalArgumentException("media has no display size: " + dw + "x" + dh);
        }
        // scale = num/den <= 1: the tightest of 1, maxWidth/dw, maxHeight/dh (compared exactly)
        long num = 1;
        long den = 1;
        if (maxWidth > 0 && (long) maxWidth * den < (long) dw * num) {
            num = maxWidth;
            den = dw;
        }
        if (maxHeight > 0 && (long) maxHeight * den < (long) dh * num) {
            num = maxHeight;
            den = dh;
        }
        int w = evenSide(dw * num, den, limit(dw, maxWidth));
        int h = evenSide(dh * num, den, limit(dh, maxHeight));
        return new Geometry(w, h);
    }

    private static int limit(int display, int max) {
        return max > 0 ? Math.min(display, max) : display;
    }

    /** Nearest even number to a/b (ties up), at least 2, at most the even number at or below limit. */
    private static int evenSide(long a, long b, int limit) {
        long even = 2 * Math.floorDiv(a + b, 2 * b);
        long cap = Math.max(2, limit - (limit % 2));
        return (int) Math.max(2, Math.min(even, cap));
    }
}
