package io.darkroom.models.upscale;

import java.util.Locale;

/** Arithmetic precision of the model run. */
public enum Precision {
    /** float32 everywhere: the default. */
    FP32,
    /**
     * The model's float16 variant (float32 in and out), on any device; models without one (bring-your-own ONNX)
     * refuse it. See {@link TiledUpscaler}.
     */
    FP16;

    /** "fp32" or "fp16" (any case). */
    public static Precision parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("precision must be fp32 or fp16, got '" + text + "'", e);
        }
    }
}
