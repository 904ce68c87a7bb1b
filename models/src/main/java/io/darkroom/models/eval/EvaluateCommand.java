package io.darkroom.models.eval;

import io.darkroom.contracts.ops.Op.Upscale.Device;
import io.darkroom.contracts.ops.Op.Upscale.Precision;
import io.darkroom.models.onnx.OnnxInspector;
import io.darkroom.models.registry.ModelMetadata;
import io.darkroom.models.registry.ModelRegistry;
import io.darkroom.models.registry.VerifiedModel;
import io.darkroom.models.upscale.BicubicUpscaler;
import io.darkroom.models.upscale.LanczosUpscaler;
import io.darkroom.models.upscale.RgbImage;
import io.darkroom.models.upscale.TiledUpscaler;
import io.darkroom.models.upscale.Upscaler;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code darkroom models evaluate <model> <clip>}: frames spread over the clip, scored for the model, lanczos3 and
 * bicubic by {@link ModelEvaluator}, printed as a table. The model is a registry name, or a path to an ONNX file
 * (then {@code --scale} is required and {@code --range} defaults to 0..1).
 */
public final class EvaluateCommand {

    /** Usage lines, indented to sit under "darkroom models". */
    public static final String USAGE =
            """
              evaluate <model-name | file.onnx> <clip> [--frames N (default 4)] [--crop WxH (centre crop of each frame)]
                       [--tile T (128)] [--overlap O (16)] [--device auto|gpu|cpu] [--precision fp32|fp16]
                       [--threads N]
                       [--scale S --range MIN..MAX --layout NHWC|NCHW (for an ONNX file)] [--registry DIR]
                  shrink frames of the clip by the model's scale, upscale back with the model, lanczos3 and bicubic,
                  print PSNR (RGB) and SSIM (BT.709 luma) of each against the original
            """;

    private EvaluateCommand() {}

    public static ModelEvaluator.Report run(
            ModelRegistry registry, String model, Path clip, Map<String, String> options, PrintStream out)
            throws IOException {
        if (!Files.isRegularFile(clip)) {
            throw new IOException("no such clip: " + clip);
        }
        int frames = Integer.parseInt(options.getOrDefault("frames", "4"));
        TiledUpscaler.Options tiling = TiledUpscaler.Options.defaults()
                .withTile(
                        Integer.parseInt(options.getOrDefault("tile", "128")),
                        Integer.parseInt(options.getOrDefault("overlap", "16")))
                .withDevice(Device.parse(options.getOrDefault("device", "cpu")))
                .withPrecision(Precision.parse(options.getOrDefault("precision", "fp32")))
                .withThreads(Integer.parseInt(options.getOrDefault("threads", "0")));
        try (TiledUpscaler upscaler = openModel(registry, model, options, tiling)) {
            List<RgbImage> images = new ArrayList<>();
            for (RgbImage f : ClipFrames.spread(clip, frames)) {
                images.add(crop(f, options.get("crop")));
            }
            int s = upscaler.scale();
            List<Upscaler> methods = List.of(upscaler, new LanczosUpscaler(s), new BicubicUpscaler(s));
            ModelEvaluator.Report report = ModelEvaluator.evaluate(images, s, methods);
            out.println("model: " + upscaler.name() + " on " + upscaler.executionProvider() + ", "
                    + tiling.precision().name().toLowerCase(java.util.Locale.ROOT) + ", tile " + tiling.tileSize()
                    + ", overlap " + tiling.overlap());
            out.println("clip: " + clip);
            out.print(report.table());
            return report;
        }
    }

    /** A registry model by name, or an ONNX file described by --scale, --range and --layout in {@code options}. */
    public static TiledUpscaler openModel(
            ModelRegistry registry, String model, Map<String, String> options, TiledUpscaler.Options tiling)
            throws IOException {
        Path file = Path.of(model);
        if (model.endsWith(".onnx") || Files.isRegularFile(file)) {
            byte[] bytes = Files.readAllBytes(file);
            OnnxInspector.Signature sig = OnnxInspector.inspect(bytes);
            if (sig.inputs().size() != 1 || sig.outputs().size() != 1) {
                throw new IllegalArgumentException(file + ": expected one input and one output, got "
                        + sig.inputs().size() + " and " + sig.outputs().size());
            }
            String scale = options.get("scale");
            if (scale == null) {
                throw new IllegalArgumentException("evaluating an ONNX file needs --scale");
            }
            String[] range = options.getOrDefault("range", "0..1").split("\\.\\.");
            if (range.length != 2) {
                throw new IllegalArgumentException("--range must look like 0..1 or 0..255");
            }
            OnnxInspector.TensorInfo in = sig.inputs().get(0);
            String layout = options.getOrDefault("layout", in.guessLayout());
            double min = Double.parseDouble(range[0]);
            double max = Double.parseDouble(range[1]);
            ModelMetadata m = new ModelMetadata(
                    file.getFileName().toString().replaceFirst("\\.onnx$", ""),
                    "unknown",
                    Integer.parseInt(scale),
                    null,
                    "unknown",
                    "file: " + file,
                    new ModelMetadata.TensorSpec(in.name(), layout, "RGB", min, max),
                    new ModelMetadata.TensorSpec(sig.outputs().get(0).name(), layout, "RGB", min, max),
                    null);
            return TiledUpscaler.open(m, bytes, tiling);
        }
        VerifiedModel verified = registry.load(model);
        return TiledUpscaler.open(verified, tiling);
    }

    /** The centre {@code WxH} of the frame (the whole frame when null or larger). */
    static RgbImage crop(RgbImage frame, String spec) {
        if (spec == null) {
            return frame;
        }
        String[] wh = spec.toLowerCase(java.util.Locale.ROOT).split("x");
        if (wh.length != 2) {
            throw new IllegalArgumentException("--crop must look like 256x256, got " + spec);
        }
        int w = Math.min(frame.width(), Integer.parseInt(wh[0]));
        int h = Math.min(frame.height(), Integer.parseInt(wh[1]));
        return frame.crop((frame.width() - w) / 2, (frame.height() - h) / 2, w, h);
    }
}
