package io.darkroom.models.upscale;

/**
 * Separable resampling of an {@link RgbImage} with a windowed kernel, pixel centres aligned
 * ({@code src = (dst + 0.5) / factor - 0.5}, as FFmpeg's swscale and Pillow do). Weights of each output sample are
 * normalised to sum 1, so a constant image stays exactly constant; image edges are extended by replicating the
 * border sample. When shrinking, the kernel is widened by the factor (antialiasing). Values are not clipped
 * (lanczos rings below 0 and above 1 are kept for the caller's final conversion).
 */
public final class Resampler {

    /** A resampling kernel: its radius in source samples (at scale 1) and its value at distance x. */
    public enum Kernel {
        /** Lanczos with a = 3: sinc(x) sinc(x/3) for |x| < 3. */
        LANCZOS3(3) {
            @Override
            double weight(double x) {
                x = Math.abs(x);
                if (x < 1e-9) {
                    return 1;
                }
                if (x >= 3) {
                    return 0;
                }
                double px = Math.PI * x;
                return 3 * Math.sin(px) * Math.sin(px / 3) / (px * px);
            }
        },
        /** Keys' cubic convolution with a = -0.5 (Catmull-Rom; FFmpeg's and Pillow's "bicubic"). */
        BICUBIC(2) {
            @Override
            double weight(double x) {
                final double a = -0.5;
                x = Math.abs(x);
                if (x < 1) {
                    return ((a + 2) * x - (a + 3)) * x * x + 1;
                }
                if (x < 2) {
                    return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a;
                }
                return 0;
            }
        };

        private final double radius;

        Kernel(double radius) {
            this.radius = radius;
        }

        abstract double weight(double x);
    }

    private Resampler() {}

    /** The image resampled to outW x outH. */
    public static RgbImage resize(RgbImage in, int outW, int outH, Kernel kernel) {
        if (outW < 1 || outH < 1) {
            throw new IllegalArgumentException("output must be at least 1x1, got " + outW + "x" + outH);
        }
        Taps horizontal = taps(in.width(), outW, kernel);
        Taps vertical = taps(in.height(), outH, kernel);
        RgbImage out = RgbImage.blank(outW, outH);
        float[] tmp = new float[outW * in.height()];
        for (int c = 0; c < 3; c++) {
            float[] src = in.plane(c);
            for (int y = 0; y < in.height(); y++) {
                horizontal.apply(src, y * in.width(), 1, tmp, y * outW, 1);
            }
            float[] dst = out.plane(c);
            for (int x = 0; x < outW; x++) {
                vertical.apply(tmp, x, outW, dst, x, outW);
            }
        }
        return out;
    }

    /** Area average over factor x factor blocks; the image is cropped to a multiple of the factor first. */
    public static RgbImage areaDownscale(RgbImage in, int factor) {
        int w = in.width() / factor;
        int h = in.height() / factor;
        if (w < 1 || h < 1) {
            throw new IllegalArgumentException(in + " is too small to shrink by " + factor);
        }
        RgbImage out = RgbImage.blank(w, h);
        float inv = 1f / (factor * factor);
        for (int c = 0; c < 3; c++) {
            float[] src = in.plane(c);
            float[] dst = out.plane(c);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double sum = 0;
                    for (int dy = 0; dy < factor; dy++) {
                        int row = (y * factor + dy) * in.width() + x * factor;
                        for (int dx = 0; dx < factor; dx++) {
                            sum += src[row + dx];
                        }
                    }
                    dst[y * w + x] = (float) (sum * inv);
                }
            }
        }
        return out;
    }

    /** For each output sample: the first source index and the normalised weights (indices clamped at the edges). */
    private record Taps(int[][] index, float[][] weight) {
        void apply(float[] src, int srcOffset, int srcStride, float[] dst, int dstOffset, int dstStride) {
            for (int o = 0; o < index.length; o++) {
                int[] idx = index[o];
                float[] w = weight[o];
                double acc = 0;
                for (int k = 0; k < idx.length; k++) {
                    acc += w[k] * src[srcOffset + idx[k] * srcStride];
                }
                dst[dstOffset + o * dstStride] = (float) acc;
            }
        }
    }

    private static Taps taps(int inSize, int outSize, Kernel kernel) {
        double factor = (double) outSize / inSize;
        double stretch = Math.max(1, 1 / factor); // widen the kernel when shrinking
        double support = kernel.radius * stretch;
        int[][] index = new int[outSize][];
        float[][] weight = new float[outSize][];
        for (int o = 0; o < outSize; o++) {
            double centre = (o + 0.5) / factor - 0.5;
            int first = (int) Math.floor(centre - support) + 1;
            int last = (int) Math.ceil(centre + support) - 1;
            int n = Math.max(1, last - first + 1);
            int[] idx = new int[n];
            double[] w = new double[n];
            double sum = 0;
            for (int k = 0; k < n; k++) {
                int s = first + k;
                w[k] = kernel.weight((s - centre) / stretch);
                idx[k] = Math.max(0, Math.min(inSize - 1, s));
                sum += w[k];
            }
            float[] wf = new float[n];
            for (int k = 0; k < n; k++) {
                wf[k] = (float) (w[k] / sum);
            }
            index[o] = idx;
            weight[o] = wf;
        }
        return new Taps(index, weight);
    }
}
