package io.darkroom.models.color;

import io.darkroom.models.registry.ModelMetadata;

/**
 * Maps integer code values of one bit depth (8, 10, 12 or 16 bits per sample, full range 0..2^bits-1) to a model's
 * input range and back. Values stay float between the two ends, so a 10-bit source keeps its 10-bit steps through
 * the model (no 8-bit intermediate), and the model's raw output is clipped and rounded exactly once, in
 * {@link #toCode}: black stays black, full scale stays full scale, channels are treated alike (no tint).
 *
 * @param bitDepth bits per sample of the pixels
 * @param min      model value of code 0 (black)
 * @param max      model value of the top code (full scale)
 */
public record SampleScaling(int bitDepth, double min, double max) {

    public SampleScaling {
        if (bitDepth < 1 || bitDepth > 16) {
            throw new IllegalArgumentException("bit depth must be 1..16, got " + bitDepth);
        }
        if (!(max > min)) {
            throw new IllegalArgumentException("model range must be increasing, got " + min + ".." + max);
        }
    }

    /** Scaling between {@code bitDepth}-bit samples and the range a model's input declares. */
    public static SampleScaling of(ModelMetadata.TensorSpec spec, int bitDepth) {
        return new SampleScaling(bitDepth, spec.min(), spec.max());
    }

    public int maxCode() {
        return (1 << bitDepth) - 1;
    }

    public float toModel(int code) {
        return (float) (min + code * (max - min) / maxCode());
    }

    /** The nearest code of a raw model output value, clipped to 0..maxCode. */
    public int toCode(float value) {
        double code = Math.rint((value - min) / (max - min) * maxCode());
        return (int) Math.max(0, Math.min(maxCode(), code));
    }

    /** The unclipped, unrounded code value of a model output (for measuring, not for pixels). */
    public double toCodeExact(float value) {
        return (value - min) / (max - min) * maxCode();
    }

    public float[] toModel(int[] codes) {
        float[] out = new float[codes.length];
        for (int i = 0; i < codes.length; i++) {
            out[i] = toModel(codes[i]);
        }
        return out;
    }

    public int[] toCodes(float[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = toCode(values[i]);
        }
        return out;
    }
}
