package io.darkroom.models.bench;

import io.darkroom.contracts.ops.Op.Upscale.Device;
import io.darkroom.contracts.ops.Op.Upscale.Precision;
import io.darkroom.models.cli.ModelsCommand;
import io.darkroom.models.eval.ClipFrames;
import io.darkroom.models.eval.EvaluateCommand;
import io.darkroom.models.registry.ModelRegistry;
import io.darkroom.models.upscale.RgbImage;
import io.darkroom.models.upscale.TiledUpscaler;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Frames per second of {@link TiledUpscaler} on one picture size, against the time spent inside OrtSession.run for
 * the same tiles in the same run (overhead ratio = total / run). Not a timed test: run it by hand, on an otherwise
 * idle machine, and quote the exact command with the figures.
 * <pre>
 * java -cp ... io.darkroom.models.bench.UpscaleBench --model esrgan-slim-x2 [--registry DIR]
 *      [--width 1920 --height 1080 | --clip FILE] [--frames 3] [--warmup 1] [--tile 128] [--overlap 16]
 *      [--device cpu|gpu|auto] [--precision fp32|fp16|fp32,fp16] [--threads N]
 * </pre>
 * The input is a synthetic picture (smooth gradients plus fine detail; a CNN's cost does not depend on content) of
 * the given size, or the middle frame of {@code --clip} (centre-cropped to the given size when smaller).
 * {@code --precision fp16} runs the model's float16 variant (registry models converted from TensorFlow.js);
 * {@code --precision fp32,fp16} runs both, frames interleaved, and prints the fps ratio of the run.
 */
public final class UpscaleBench {

    private UpscaleBench() {}

    public static void main(String[] args) {
        run(args, System.out);
    }

    static void run(String[] args, PrintStream out) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value pairs, got " + args[i]);
            }
            o.put(args[i].substring(2), args[i + 1]);
        }
        String model = o.getOrDefault("model", "esrgan-slim-x2");
        int width = Integer.parseInt(o.getOrDefault("width", "1920"));
        int height = Integer.parseInt(o.getOrDefault("height", "1080"));
        int frames = Integer.parseInt(o.getOrDefault("frames", "3"));
        int warmup = Integer.parseInt(o.getOrDefault("warmup", "1"));
        TiledUpscaler.Options options = TiledUpscaler.Options.defaults()
                .withTile(
                        Integer.parseInt(o.getOrDefault("tile", "128")),
                        Integer.parseInt(o.getOrDefault("overlap", "16")))
                .withDevice(Device.parse(o.getOrDefault("device", "cpu")))
                .withThreads(Integer.parseInt(o.getOrDefault("threads", "0")));
        List<Precision> precisions = new ArrayList<>();
        for (String p : o.getOrDefault("precision", "fp32").split(",")) {
            precisions.add(Precision.parse(p));
        }
        RgbImage picture =
                o.containsKey("clip") ? clipFrame(Path.of(o.get("clip")), width, height) : synthetic(width, height);
        ModelRegistry registry = new ModelRegistry(registryDir(o.get("registry")));
        List<TiledUpscaler> ups = new ArrayList<>();
        try {
            for (Precision p : precisions) {
                ups.add(open(registry, model, options.withPrecision(p)));
            }
            TiledUpscaler first = ups.get(0);
            out.printf(
                    Locale.ROOT,
                    "model %s x%d on %s, %s, tile %d overlap %d, threads %s, %d cores; input %dx%d%n",
                    first.name(),
                    first.scale(),
                    first.executionProvider(),
                    o.getOrDefault("precision", "fp32"),
                    options.tileSize(),
                    options.overlap(),
                    options.threads() == 0 ? "default" : String.valueOf(options.threads()),
                    Runtime.getRuntime().availableProcessors(),
                    picture.width(),
                    picture.height());
            RgbImage warm = picture.crop(
                    0,
                    0,
                    Math.min(picture.width(), options.tileSize()),
                    Math.min(picture.height(), options.tileSize()));
            for (TiledUpscaler up : ups) {
                for (int i = 0; i < warmup; i++) {
                    up.upscale(warm);
                }
                up.resetStats();
            }
            // several precisions: frames interleaved (frame 1 at each, then frame 2 ...), so a change in the
            // machine's load during the run touches them alike
            for (int i = 0; i < frames; i++) {
                for (int k = 0; k < ups.size(); k++) {
                    long t0 = System.nanoTime();
                    ups.get(k).upscale(picture);
                    out.printf(
                            Locale.ROOT,
                            "frame %d %s: %.2f s%n",
                            i + 1,
                            lower(precisions.get(k)),
                            (System.nanoTime() - t0) / 1e9);
                }
            }
            double[] fps = new double[ups.size()];
            for (int k = 0; k < ups.size(); k++) {
                TiledUpscaler.Stats s = ups.get(k).stats();
                double total = s.totalNanos() / 1e9;
                double run = s.runNanos() / 1e9;
                fps[k] = s.images() / total;
                out.printf(
                        Locale.ROOT,
                        "%s on %s: %d frame(s), %d tiles: %.3f fps through TiledUpscaler (%.2f s), "
                                + "OrtSession.run %.2f s (%.3f fps if tiling cost nothing); overhead ratio %.3f%n",
                        lower(precisions.get(k)),
                        ups.get(k).executionProvider(),
                        s.images(),
                        s.tiles(),
                        fps[k],
                        total,
                        run,
                        s.images() / run,
                        s.overheadRatio());
            }
            for (int k = 1; k < ups.size(); k++) {
                out.printf(
                        Locale.ROOT,
                        "fps %s / %s: %.3f%n",
                        lower(precisions.get(k)),
                        lower(precisions.get(0)),
                        fps[k] / fps[0]);
            }
        } finally {
            ups.forEach(TiledUpscaler::close);
        }
    }

    private static String lower(Precision p) {
        return p.name().toLowerCase(Locale.ROOT);
    }

    private static TiledUpscaler open(ModelRegistry registry, String model, TiledUpscaler.Options options) {
        try {
            return EvaluateCommand.openModel(registry, model, Map.of(), options);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Path registryDir(String option) {
        return ModelsCommand.registryDir(option);
    }

    static RgbImage clipFrame(Path clip, int width, int height) {
        RgbImage f = ClipFrames.spread(clip, 1).get(0);
        int w = Math.min(width, f.width());
        int h = Math.min(height, f.height());
        return f.crop((f.width() - w) / 2, (f.height() - h) / 2, w, h);
    }

    /** Smooth gradients plus a fine deterministic texture, 0..1. */
    static RgbImage synthetic(int w, int h) {
        RgbImage img = RgbImage.blank(w, h);
        long seed = 42;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                seed = seed * 6364136223846793005L + 1442695040888963407L;
                float noise = ((seed >>> 40) & 0xff) / 255f * 0.1f;
                int i = y * w + x;
                img.plane(0)[i] = 0.1f + 0.7f * x / w + noise;
                img.plane(1)[i] = 0.1f + 0.7f * y / h + noise;
                img.plane(2)[i] = 0.5f + 0.3f * (float) Math.sin(x * 0.05 + y * 0.03) + noise * 0.5f;
            }
        }
        return img;
    }
}
