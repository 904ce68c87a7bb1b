package io.darkroom.render.ops;

/**
 * What an output's encoder takes: picture size (even for 4:2:0), pixel format and pixel aspect (1:1 unless the output
 * keeps the source anamorphic). YUV targets are limited range, Rec.709 matrix.
 */
public record Target(int width, int height, String pixelFormat, int sarNum, int sarDen) {
    public Target {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("target size must be positive, was " + width + "x" + height);
        }
        if (pixelFormat == null || !pixelFormat.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("bad pixel format name " + pixelFormat);
        }
        if (sarNum <= 0 || sarDen <= 0) {
            throw new IllegalArgumentException("pixel aspect must be positive, was " + sarNum + ":" + sarDen);
        }
    }

    /** A square-pixel target. */
    public Target(int width, int height, String pixelFormat) {
        this(width, height, pixelFormat, 1, 1);
    }

    boolean rgb() {
        return SourceTraits.isRgb(pixelFormat);
    }
}
