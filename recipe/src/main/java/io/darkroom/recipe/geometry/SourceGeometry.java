package io.darkroom.recipe.geometry;

import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.SourcePicture;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The source picture every output is made from, as the probe and the recipe describe it together: which lines are
 * picture (a 720x608 D10 / IMX frame carries 32 VBI lines above its 576, cropped unless the recipe's
 * {@code vbiCrop} is {@code none}), what shape a pixel is (the file's sample aspect; a recipe {@code desqueeze} for
 * anamorphic-lens footage whose file does not say, i.e. states none or 1:1), and how the display matrix turns and
 * reflects it. A VBI crop keeps the display aspect the file states for the whole frame (D10 4:3 is SAR 152:135 over
 * 608 lines, so 16:15 over the 576 kept).
 *
 * <p>The planner puts {@link #picture} into each {@code RenderTask}; {@link OutputGeometry} sizes outputs from
 * {@link #upright}; QC and the CLI checks use the same, so all agree on the display aspect.
 */
public final class SourceGeometry {
    /** Coded size of a D10 / IMX frame with its VBI. */
    public static final int D10_WIDTH = 720;

    public static final int D10_HEIGHT = 608;
    /** VBI lines above the picture of a 608-line frame. */
    public static final int D10_VBI_LINES = 32;
    /** Lines of picture in a 608-line frame. */
    public static final int D10_ACTIVE_LINES = 576;

    private SourceGeometry() {}

    /** The adjustments a worker applies to decoded frames before rotation. */
    public static SourcePicture picture(MediaInfo m, Recipe recipe) {
        boolean crop = cropsVbi(m, recipe);
        long[] fileSar = fileSar(m);
        long[] sar = sar(m, recipe);
        boolean override = sar[0] * fileSar[1] != sar[1] * fileSar[0];
        return new SourcePicture(
                crop ? D10_VBI_LINES : 0,
                crop ? D10_ACTIVE_LINES : 0,
                override ? (int) sar[0] : 0,
                override ? (int) sar[1] : 0,
                m.mirrored());
    }

    /** The picture before rotation: coded width, lines kept, pixel aspect (reduced). */
    public static ReformatGeometry.Picture coded(MediaInfo m, Recipe recipe) {
        long[] sar = sar(m, recipe);
        return new ReformatGeometry.Picture(
                m.width(), cropsVbi(m, recipe) ? D10_ACTIVE_LINES : m.height(), sar[0], sar[1]);
    }

    /** The picture turned upright by the probe's rotation: sides and pixel aspect swapped on a quarter turn. */
    public static ReformatGeometry.Picture upright(MediaInfo m, Recipe recipe) {
        ReformatGeometry.Picture p = coded(m, recipe);
        if (m.rotation() % 180 != 0) {
            return new ReformatGeometry.Picture(p.height(), p.width(), p.sarDen(), p.sarNum());
        }
        return p;
    }

    /** Whether the VBI of a 720x608 frame is cropped: the recipe's {@code vbiCrop} is auto (or absent). */
    public static boolean cropsVbi(MediaInfo m, Recipe recipe) {
        String mode = recipe == null || recipe.vbiCrop() == null ? Recipe.VBI_AUTO : recipe.vbiCrop();
        return Recipe.VBI_AUTO.equals(mode) && m.width() == D10_WIDTH && m.height() == D10_HEIGHT;
    }

    /**
     * The pixel aspect of the kept picture, reduced: the file's (a recipe desqueeze where the file states none or
     * 1:1), scaled by lines kept / lines coded after a VBI crop so the display aspect stays.
     */
    static long[] sar(MediaInfo m, Recipe recipe) {
        long[] s = fileSar(m);
        Double desqueeze = recipe == null ? null : recipe.desqueeze();
        if (s[0] == s[1] && desqueeze != null && desqueeze > 0 && Double.isFinite(desqueeze)) {
            s = rational(desqueeze);
        }
        if (cropsVbi(m, recipe)) {
            s = reduce(s[0] * D10_ACTIVE_LINES, s[1] * D10_HEIGHT);
        }
        return s;
    }

    /** The file's sample aspect, {1, 1} when absent or malformed. */
    static long[] fileSar(MediaInfo m) {
        String sar = m.sampleAspectRatio();
        if (sar != null && sar.matches("\\d{1,9}:\\d{1,9}")) {
            String[] p = sar.split(":");
            long n = Long.parseLong(p[0]);
            long d = Long.parseLong(p[1]);
            if (n > 0 && d > 0) {
                return reduce(n, d);
            }
        }
        return new long[] {1, 1};
    }

    /** A decimal factor as an exact reduced fraction (1.33 is 133:100, 1.8 is 9:5). */
    static long[] rational(double factor) {
        BigDecimal d = BigDecimal.valueOf(factor).stripTrailingZeros();
        int scale = Math.max(0, d.scale());
        BigInteger num = d.movePointRight(scale).toBigIntegerExact();
        return reduce(num.longValueExact(), BigInteger.TEN.pow(scale).longValueExact());
    }

    static long[] reduce(long n, long d) {
        long g = BigInteger.valueOf(n).gcd(BigInteger.valueOf(d)).longValue();
        return g == 0 ? new long[] {1, 1} : new long[] {n / g, d / g};
    }

    /** {@code N:D}, or null for square pixels. */
    public static String aspectText(long num, long den) {
        long[] r = reduce(num, den);
        return r[0] == r[1] ? null : r[0] + ":" + r[1];
    }
}
