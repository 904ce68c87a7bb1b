package io.darkroom.models.upscale;

/** Lanczos3 (a = 3) upscaling: the {@code lanczos} fallback op. */
public final class LanczosUpscaler extends ResamplingUpscaler {
    public LanczosUpscaler(int scale) {
        super(scale, Resampler.Kernel.LANCZOS3, "lanczos3");
    }
}
