package io.darkroom.render.ops;

/**
 * What an output's encoder takes: picture size (even for 4:2:0) and pixel format. YUV targets are limited range,
 * Rec.709 matrix.
 */
public record Target(int width, int height, String pixelFormat) {
    public Target {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("target size must be positive, was " + width + "x" + height);
        }
        if (pixelFormat == null || !pixelFormat.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("bad pixel format name " + pixelFormat);
        }
    }

    boolean rgb() {
        return SourceTraits.isRgb(pixelFormat);
    }
}
