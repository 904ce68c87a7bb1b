package io.darkroom.models.upscale;

/** Makes an image {@link #scale()} times larger in each direction. Values stay unclipped (see {@link RgbImage}). */
public interface Upscaler {

    /** The output is {@code scale() * in.width()} x {@code scale() * in.height()}. */
    RgbImage upscale(RgbImage in);

    int scale();

    /** Short name for tables and logs, e.g. "lanczos3" or the model's registry name. */
    String name();
}
