package io.darkroom.models.upscale;

import java.util.Locale;

/** Where a model runs, as a recipe asks for it. */
public enum Device {
    /** The CUDA execution provider when this worker has one, else the CPU. */
    AUTO,
    /** The CUDA execution provider; falls back to the CPU, with a log line, when it is unavailable. */
    GPU,
    /** ONNX Runtime's CPU execution provider. */
    CPU;

    /** "auto", "gpu" or "cpu" (any case). */
    public static Device parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("device must be auto, gpu or cpu, got '" + text + "'", e);
        }
    }
}
