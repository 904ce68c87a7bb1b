package io.darkroom.recipe.ops;

import io.darkroom.contracts.ops.Op;
import java.util.Arrays;
import java.util.List;

/**
 * ASC CDL v1.2 numbers and their math, as OpenColorIO's default ("ASC") style applies them:
 * {@code out = clamp01(in * slope + offset)}, then {@code out = out ^ power}, then saturation around Rec.709 luma
 * ({@code 0.2126 R + 0.7152 G + 0.0722 B}): {@code out = luma + sat * (out - luma)}, clamped to 0..1.
 */
public record CdlValues(double[] slope, double[] offset, double[] power, double saturation) {
    public static final double KR = 0.2126;
    public static final double KG = 0.7152;
    public static final double KB = 0.0722;

    public static final CdlValues IDENTITY =
            new CdlValues(new double[] {1, 1, 1}, new double[] {0, 0, 0}, new double[] {1, 1, 1}, 1);

    /** Inline values of an op; missing parts default to identity. */
    public static CdlValues of(Op.Cdl op) {
        return new CdlValues(
                array(op.slope(), 1),
                array(op.offset(), 0),
                array(op.power(), 1),
                op.saturation() == null ? 1 : op.saturation());
    }

    private static double[] array(List<Double> v, double fallback) {
        double[] a = new double[3];
        Arrays.fill(a, fallback);
        if (v != null) {
            for (int i = 0; i < 3 && i < v.size(); i++) {
                a[i] = v.get(i);
            }
        }
        return a;
    }

    /** Applies the CDL to an RGB triple in place. */
    public void apply(double[] rgb) {
        for (int c = 0; c < 3; c++) {
            double v = clamp01(rgb[c] * slope[c] + offset[c]);
            rgb[c] = Math.pow(v, power[c]);
        }
        if (saturation != 1) {
            double luma = KR * rgb[0] + KG * rgb[1] + KB * rgb[2];
            for (int c = 0; c < 3; c++) {
                rgb[c] = clamp01(luma + saturation * (rgb[c] - luma));
            }
        }
    }

    /** A stable text form, used in cache keys. */
    public String canonical() {
        return "cdl" + Arrays.toString(slope) + Arrays.toString(offset) + Arrays.toString(power) + "[" + saturation
                + "]";
    }

    private static double clamp01(double v) {
        return v < 0 ? 0 : v > 1 ? 1 : v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CdlValues c
                && Arrays.equals(slope, c.slope)
                && Arrays.equals(offset, c.offset)
                && Arrays.equals(power, c.power)
                && saturation == c.saturation;
    }

    @Override
    public int hashCode() {
        return canonical().hashCode();
    }

    @Override
    public String toString() {
        return canonical();
    }
}
