package io.darkroom.models.eval;

import io.darkroom.models.upscale.Resampler;
import io.darkroom.models.upscale.RgbImage;
import io.darkroom.models.upscale.Upscaler;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Scores upscalers on real frames: each frame is cropped to a multiple of the scale, shrunk by the scale with an
 * area average, brought back by every method, clipped to 0..1 (as pixel conversion would) and compared with the
 * original ({@link Metrics}: PSNR over RGB, SSIM on BT.709 luma; whole frame, no border shaved). Scores are the
 * mean over frames. The same procedure for every method: nothing here favours one.
 */
public final class ModelEvaluator {

    /** Mean scores of one method; {@code seconds} is its total upscaling time over all frames. */
    public record Score(String method, double psnr, double ssim, double seconds) {}

    /** The scores of all methods on the same frames. */
    public record Report(int scale, int frames, int width, int height, List<Score> scores) {
        public Report {
            scores = List.copyOf(scores);
        }

        public Score score(String method) {
            return scores.stream()
                    .filter(s -> s.method().equals(method))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no method " + method + " in " + scores));
        }

        /** A plain-text table (also valid Markdown). */
        public String table() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(
                    Locale.ROOT,
                    "%d frame(s) of %dx%d, shrunk x%d (area) and upscaled back; mean " + "over frames%n",
                    frames,
                    width,
                    height,
                    scale));
            sb.append(
                    String.format(Locale.ROOT, "| %-22s | %9s | %7s | %9s |%n", "method", "PSNR dB", "SSIM", "time s"));
            sb.append("|------------------------|-----------|---------|-----------|\n");
            for (Score s : scores) {
                sb.append(String.format(
                        Locale.ROOT,
                        "| %-22s | %9.3f | %7.4f | %9.2f |%n",
                        s.method(),
                        s.psnr(),
                        s.ssim(),
                        s.seconds()));
            }
            return sb.toString();
        }
    }

    private ModelEvaluator() {}

    public static Report evaluate(List<RgbImage> frames, int scale, List<? extends Upscaler> methods) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("no frames to evaluate");
        }
        for (Upscaler u : methods) {
            if (u.scale() != scale) {
                throw new IllegalArgumentException(u.name() + " scales by " + u.scale() + ", not " + scale);
            }
        }
        double[] psnr = new double[methods.size()];
        double[] ssim = new double[methods.size()];
        long[] nanos = new long[methods.size()];
        int w = 0;
        int h = 0;
        for (RgbImage frame : frames) {
            RgbImage original = frame.crop(0, 0, frame.width() / scale * scale, frame.height() / scale * scale);
            w = original.width();
            h = original.height();
            RgbImage small = Resampler.areaDownscale(original, scale);
            for (int m = 0; m < methods.size(); m++) {
                long t0 = System.nanoTime();
                RgbImage up = methods.get(m).upscale(small).clipped();
                nanos[m] += System.nanoTime() - t0;
                psnr[m] += Metrics.psnr(original, up) / frames.size();
                ssim[m] += Metrics.ssim(original, up) / frames.size();
            }
        }
        List<Score> scores = new ArrayList<>();
        for (int m = 0; m < methods.size(); m++) {
            scores.add(new Score(methods.get(m).name(), psnr[m], ssim[m], nanos[m] / 1e9));
        }
        return new Report(scale, frames.size(), w, h, scores);
    }
}
