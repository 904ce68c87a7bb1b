package io.darkroom.models.eval;

import io.darkroom.models.upscale.RgbImage;

/**
 * Full-reference image quality between two {@link RgbImage}s of the same size, on normalised code values (peak 1).
 * <ul>
 *   <li>{@link #psnr}: 10 log10(1 / MSE), the MSE taken over all three channels together (R, G and B samples
 *       pooled). Identical images give {@link Double#POSITIVE_INFINITY}.</li>
 *   <li>{@link #ssim}: Wang et al. 2004 on luma only, Y' = 0.2126 R' + 0.7152 G' + 0.0722 B' (BT.709 weights on the
 *       code values), 11x11 Gaussian window with sigma 1.5, K1 = 0.01, K2 = 0.03, L = 1, mean of the SSIM map over
 *       the windows that fit entirely inside the picture ("valid", as the authors' ssim_index.m; no padding).</li>
 * </ul>
 * Neither clips: callers compare what they mean to deliver (the evaluator clips every method's output to 0..1
 * first, as pixel conversion would).
 */
public final class Metrics {

    public static final int WINDOW = 11;
    public static final double SIGMA = 1.5;
    private static final double C1 = 0.01 * 0.01;
    private static final double C2 = 0.03 * 0.03;

    private Metrics() {}

    public static double mse(RgbImage a, RgbImage b) {
        sameSize(a, b);
        double sum = 0;
        for (int c = 0; c < 3; c++) {
            float[] pa = a.plane(c);
            float[] pb = b.plane(c);
            for (int i = 0; i < pa.length; i++) {
                double d = (double) pa[i] - pb[i];
                sum += d * d;
            }
        }
        return sum / (3.0 * a.width() * a.height());
    }

    /** PSNR in dB with peak 1; +infinity for identical images. */
    public static double psnr(RgbImage a, RgbImage b) {
        double mse = mse(a, b);
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(1 / mse);
    }

    /** Mean SSIM of the BT.709 luma of the two images (1 for identical images). */
    public static double ssim(RgbImage a, RgbImage b) {
        sameSize(a, b);
        int w = a.width();
        int h = a.height();
        if (w < WINDOW || h < WINDOW) {
            throw new IllegalArgumentException(
                    "SSIM needs at least " + WINDOW + "x" + WINDOW + " pixels, got " + w + "x" + h);
        }
        double[] x = luma(a);
        double[] y = luma(b);
        double[] xx = new double[x.length];
        double[] yy = new double[x.length];
        double[] xy = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            xx[i] = x[i] * x[i];
            yy[i] = y[i] * y[i];
            xy[i] = x[i] * y[i];
        }
        double[] k = gaussian();
        double[] mx = blur(x, w, h, k);
        double[] my = blur(y, w, h, k);
        double[] sxx = blur(xx, w, h, k);
        double[] syy = blur(yy, w, h, k);
        double[] sxy = blur(xy, w, h, k);
        double sum = 0;
        for (int i = 0; i < mx.length; i++) {
            double mux = mx[i];
            double muy = my[i];
            double vx = sxx[i] - mux * mux;
            double vy = syy[i] - muy * muy;
            double cov = sxy[i] - mux * muy;
            sum += ((2 * mux * muy + C1) * (2 * cov + C2)) / ((mux * mux + muy * muy + C1) * (vx + vy + C2));
        }
        return sum / mx.length;
    }

    static double[] luma(RgbImage img) {
        float[] r = img.plane(0);
        float[] g = img.plane(1);
        float[] b = img.plane(2);
        double[] y = new double[r.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = 0.2126 * r[i] + 0.7152 * g[i] + 0.0722 * b[i];
        }
        return y;
    }

    private static double[] gaussian() {
        double[] k = new double[WINDOW];
        double sum = 0;
        for (int i = 0; i < WINDOW; i++) {
            double d = i - WINDOW / 2;
            k[i] = Math.exp(-d * d / (2 * SIGMA * SIGMA));
            sum += k[i];
        }
        for (int i = 0; i < WINDOW; i++) {
            k[i] /= sum;
        }
        return k;
    }

    /** Separable 'valid' filtering: (w - 10) x (h - 10) results. */
    private static double[] blur(double[] v, int w, int h, double[] k) {
        int ow = w - WINDOW + 1;
        int oh = h - WINDOW + 1;
        double[] tmp = new double[ow * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < ow; x++) {
                double acc = 0;
                for (int i = 0; i < WINDOW; i++) {
                    acc += k[i] * v[y * w + x + i];
                }
                tmp[y * ow + x] = acc;
            }
        }
        double[] out = new double[ow * oh];
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                double acc = 0;
                for (int i = 0; i < WINDOW; i++) {
                    acc += k[i] * tmp[(y + i) * ow + x];
                }
                out[y * ow + x] = acc;
            }
        }
        return out;
    }

    private static void sameSize(RgbImage a, RgbImage b) {
        if (a.width() != b.width() || a.height() != b.height()) {
            throw new IllegalArgumentException("images differ in size: " + a + " vs " + b);
        }
    }
}
