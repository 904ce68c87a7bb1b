package io.darkroom.models.upscale;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * An RGB picture as three float32 planes of <em>normalised code values</em>: code / (2^bits - 1), so 0 is black and
 * 1 is full scale whatever the source bit depth. The values are the source's own (gamma-encoded) code values scaled,
 * not linear light. 8-, 10-, 12- and 16-bit sources all fit without losing a step (float32 has 24 bits of mantissa),
 * and values outside 0..1 (a model's overshoot, a lanczos ring) are kept: nothing is clipped until {@link #toCodes}.
 * Planes are row-major; the arrays are shared, not copied (mutable: treat an image you did not make as read-only).
 */
public final class RgbImage {
    private final int width;
    private final int height;
    private final float[] r;
    private final float[] g;
    private final float[] b;

    public RgbImage(int width, int height, float[] r, float[] g, float[] b) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("image must be at least 1x1, got " + width + "x" + height);
        }
        int n = width * height;
        if (r.length != n || g.length != n || b.length != n) {
            throw new IllegalArgumentException("planes must hold " + n + " values for " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.r = r;
        this.g = g;
        this.b = b;
    }

    /** A black image. */
    public static RgbImage blank(int width, int height) {
        int n = width * height;
        return new RgbImage(width, height, new float[n], new float[n], new float[n]);
    }

    /** A constant image of the given normalised values. */
    public static RgbImage filled(int width, int height, float red, float green, float blue) {
        RgbImage img = blank(width, height);
        Arrays.fill(img.r, red);
        Arrays.fill(img.g, green);
        Arrays.fill(img.b, blue);
        return img;
    }

    /**
     * From interleaved RGB integer codes of {@code bits} bits per sample (full range 0..2^bits-1), e.g. 8-bit RGB24,
     * 10-bit codes, or 16-bit rgb48 samples.
     */
    public static RgbImage fromCodes(int width, int height, int[] rgb, int bits) {
        checkBits(bits);
        if (rgb.length != width * height * 3) {
            throw new IllegalArgumentException("need " + width * height * 3 + " samples, got " + rgb.length);
        }
        float scale = 1f / ((1 << bits) - 1);
        RgbImage img = blank(width, height);
        for (int i = 0, p = 0; p < width * height; p++) {
            img.r[p] = rgb[i++] * scale;
            img.g[p] = rgb[i++] * scale;
            img.b[p] = rgb[i++] * scale;
        }
        return img;
    }

    /**
     * From a 16-bit-per-sample interleaved RGB buffer (FFmpeg rgb48le / rgb48be, PPM P6 with maxval 65535) whose
     * samples carry {@code bits} significant bits in the low bits (16 for rgb48; 10 for a 10-bit source stored
     * unshifted). The buffer is read from its position; its own byte order is ignored in favour of {@code order}.
     */
    public static RgbImage fromRgb48(int width, int height, ByteBuffer samples, ByteOrder order, int bits) {
        checkBits(bits);
        ByteBuffer buf = samples.duplicate().order(order);
        if (buf.remaining() < width * height * 6) {
            throw new IllegalArgumentException("need " + width * height * 6 + " bytes, got " + buf.remaining());
        }
        float scale = 1f / ((1 << bits) - 1);
        RgbImage img = blank(width, height);
        for (int p = 0; p < width * height; p++) {
            img.r[p] = (buf.getShort() & 0xffff) * scale;
            img.g[p] = (buf.getShort() & 0xffff) * scale;
            img.b[p] = (buf.getShort() & 0xffff) * scale;
        }
        return img;
    }

    /** Interleaved RGB codes of {@code bits} bits: the one place values are clipped to 0..1 and rounded. */
    public int[] toCodes(int bits) {
        checkBits(bits);
        int max = (1 << bits) - 1;
        int[] out = new int[width * height * 3];
        for (int i = 0, p = 0; p < width * height; p++) {
            out[i++] = code(r[p], max);
            out[i++] = code(g[p], max);
            out[i++] = code(b[p], max);
        }
        return out;
    }

    private static int code(float v, int max) {
        double c = Math.rint(v * (double) max);
        return (int) Math.max(0, Math.min(max, c));
    }

    private static void checkBits(int bits) {
        if (bits < 1 || bits > 16) {
            throw new IllegalArgumentException("bit depth must be 1..16, got " + bits);
        }
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Plane 0 = red, 1 = green, 2 = blue (the array itself). */
    public float[] plane(int channel) {
        return switch (channel) {
            case 0 -> r;
            case 1 -> g;
            case 2 -> b;
            default -> throw new IllegalArgumentException("channel must be 0..2, got " + channel);
        };
    }

    public float get(int channel, int x, int y) {
        return plane(channel)[y * width + x];
    }

    /** A deep copy of the rectangle [x, x+w) x [y, y+h), which must lie inside the image. */
    public RgbImage crop(int x, int y, int w, int h) {
        if (x < 0 || y < 0 || w < 1 || h < 1 || x + w > width || y + h > height) {
            throw new IllegalArgumentException(
                    "crop " + w + "x" + h + "+" + x + "+" + y + " is outside " + width + "x" + height);
        }
        RgbImage out = blank(w, h);
        for (int c = 0; c < 3; c++) {
            float[] src = plane(c);
            float[] dst = out.plane(c);
            for (int row = 0; row < h; row++) {
                System.arraycopy(src, (y + row) * width + x, dst, row * w, w);
            }
        }
        return out;
    }

    /** The same picture with every value clipped to 0..1 (what becomes pixels), as a new image. */
    public RgbImage clipped() {
        RgbImage out = blank(width, height);
        for (int c = 0; c < 3; c++) {
            float[] src = plane(c);
            float[] dst = out.plane(c);
            for (int i = 0; i < src.length; i++) {
                dst[i] = Math.max(0f, Math.min(1f, src[i]));
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "RgbImage[" + width + "x" + height + "]";
    }
}
