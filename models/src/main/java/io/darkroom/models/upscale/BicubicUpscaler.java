package io.darkroom.models.upscale;

/** Bicubic (Keys, a = -0.5) upscaling, for comparison. */
public final class BicubicUpscaler extends ResamplingUpscaler {
    public BicubicUpscaler(int scale) {
        super(scale, Resampler.Kernel.BICUBIC, "bicubic");
    }
}
