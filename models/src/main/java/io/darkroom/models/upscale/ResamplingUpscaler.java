package io.darkroom.models.upscale;

/** A classical upscaler: {@link Resampler} with one kernel, for comparison and for workers without a model. */
public class ResamplingUpscaler implements Upscaler {
    private final int scale;
    private final Resampler.Kernel kernel;
    private final String name;

    protected ResamplingUpscaler(int scale, Resampler.Kernel kernel, String name) {
        if (scale < 1) {
            throw new IllegalArgumentException("scale must be at least 1, got " + scale);
        }
        this.scale = scale;
        this.kernel = kernel;
        this.name = name;
    }

    @Override
    public RgbImage upscale(RgbImage in) {
        return Resampler.resize(in, in.width() * scale, in.height() * scale, kernel);
    }

    @Override
    public int scale() {
        return scale;
    }

    @Override
    public String name() {
        return name;
    }
}
