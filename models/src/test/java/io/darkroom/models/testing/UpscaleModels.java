package io.darkroom.models.testing;

import io.darkroom.contracts.ops.Op.Upscale.Precision;
import io.darkroom.media.SampleMedia;
import io.darkroom.models.convert.TfjsToOnnx;
import io.darkroom.models.eval.ClipFrames;
import io.darkroom.models.onnx.Float16Variant;
import io.darkroom.models.onnx.OnnxModel;
import io.darkroom.models.onnx.OnnxModel.Dim;
import io.darkroom.models.onnx.OnnxWriter;
import io.darkroom.models.registry.ModelMetadata;
import io.darkroom.models.tfjs.TfjsModel;
import io.darkroom.models.upscale.RgbImage;
import io.darkroom.models.upscale.TiledUpscaler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Models and pictures for the upscaling tests. */
public final class UpscaleModels {

    /** The 3x3 colour matrix (row = output channel) and bias of {@link #localX2()}, in model units (0..255). */
    public static final float[] MATRIX = {0.9f, 0.05f, 0.02f, 0.03f, 0.8f, 0.1f, -0.05f, 0.1f, 1.1f};

    public static final float[] BIAS = {2f, -3f, 5f};

    private static byte[] esrganSlim;
    private static byte[] esrganSlimFp16;
    private static RgbImage goproFrame;

    private UpscaleModels() {}

    public static ModelMetadata metadata(String name, int scale) {
        return new ModelMetadata(
                name,
                "test",
                scale,
                null,
                "MIT",
                "test",
                ModelMetadata.TensorSpec.nhwc255(TfjsToOnnx.INPUT),
                ModelMetadata.TensorSpec.nhwc255(TfjsToOnnx.OUTPUT),
                null);
    }

    /**
     * A purely local x2 model: NHWC 0..255 in, a 1x1 convolution (colour matrix + bias), nearest x2, NHWC out. Each
     * output pixel depends on exactly one input pixel, so tiling must not change a single value.
     */
    public static byte[] localX2() {
        return OnnxWriter.toBytes(localX2Model());
    }

    /** {@link #localX2()} in float16 ({@link Float16Variant}): Cast, Transpose, Conv, Resize, Transpose, Cast. */
    public static byte[] localX2Fp16() {
        return OnnxWriter.toBytes(Float16Variant.of(localX2Model()));
    }

    public static OnnxModel localX2Model() {
        Dim n = new OnnxModel.Fixed(1);
        Dim c = new OnnxModel.Fixed(3);
        List<OnnxModel.Node> nodes = List.of(
                new OnnxModel.Node(
                        "Transpose",
                        "to_nchw",
                        List.of("input"),
                        List.of("x"),
                        List.of(new OnnxModel.IntsAttr("perm", 0, 3, 1, 2))),
                new OnnxModel.Node(
                        "Conv",
                        "mix",
                        List.of("x", "w", "b"),
                        List.of("y"),
                        List.of(new OnnxModel.IntsAttr("kernel_shape", 1, 1))),
                new OnnxModel.Node(
                        "Resize",
                        "up",
                        List.of("y", "", "scales"),
                        List.of("z"),
                        List.of(
                                new OnnxModel.StringAttr("mode", "nearest"),
                                new OnnxModel.StringAttr("coordinate_transformation_mode", "asymmetric"),
                                new OnnxModel.StringAttr("nearest_mode", "floor"))),
                new OnnxModel.Node(
                        "Transpose",
                        "to_nhwc",
                        List.of("z"),
                        List.of("output"),
                        List.of(new OnnxModel.IntsAttr("perm", 0, 2, 3, 1))));
        List<OnnxModel.Tensor> init = List.of(
                new OnnxModel.Tensor("w", new long[] {3, 3, 1, 1}, MATRIX),
                new OnnxModel.Tensor("b", new long[] {3}, BIAS),
                new OnnxModel.Tensor("scales", new long[] {4}, new float[] {1, 1, 2, 2}));
        OnnxModel.Graph g = new OnnxModel.Graph(
                "local",
                nodes,
                init,
                List.of(new OnnxModel.ValueInfo(
                        "input", List.of(n, new OnnxModel.Symbolic("h"), new OnnxModel.Symbolic("w"), c))),
                List.of(new OnnxModel.ValueInfo(
                        "output", List.of(n, new OnnxModel.Symbolic("h2"), new OnnxModel.Symbolic("w2"), c))));
        return new OnnxModel(8, 17, "test", "1", g, Map.of());
    }

    /** esrgan-slim x2 converted from the npm package (skips the test when npm is absent). */
    public static synchronized byte[] esrganSlimX2() throws IOException {
        if (esrganSlim == null) {
            convertEsrganSlim();
        }
        return esrganSlim;
    }

    /** The float16 variant of {@link #esrganSlimX2()}. */
    public static synchronized byte[] esrganSlimX2Fp16() throws IOException {
        if (esrganSlimFp16 == null) {
            convertEsrganSlim();
        }
        return esrganSlimFp16;
    }

    private static void convertEsrganSlim() throws IOException {
        TfjsModel model = TfjsModel.read(UpscalerPackages.modelDir(UpscalerPackages.SLIM, 2));
        TfjsToOnnx.Conversion conversion = TfjsToOnnx.convert(model, Map.of());
        esrganSlim = OnnxWriter.toBytes(conversion.model());
        esrganSlimFp16 = OnnxWriter.toBytes(conversion.float16());
    }

    /** esrgan-slim x2 at the options' precision (the float16 variant for fp16). */
    public static TiledUpscaler esrgan(TiledUpscaler.Options options) throws IOException {
        byte[] bytes = options.precision() == Precision.FP16 ? esrganSlimX2Fp16() : esrganSlimX2();
        return TiledUpscaler.open(metadata("esrgan-slim-x2", 2), bytes, options);
    }

    public static Path goproClip() throws IOException {
        return SampleMedia.file(SampleMedia.GOPRO);
    }

    /** The middle frame of the GoPro clip (848x480, 16-bit RGB from an 8-bit source), decoded once. */
    public static synchronized RgbImage goproFrame() throws IOException {
        if (goproFrame == null) {
            goproFrame = ClipFrames.spread(goproClip(), 1).get(0);
        }
        return goproFrame;
    }

    /** A smooth picture: gradients and slow waves in all three channels, inside 0.1..0.9. */
    public static RgbImage smooth(int w, int h) {
        RgbImage img = RgbImage.blank(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                img.plane(0)[i] = 0.1f + 0.8f * x / (w - 1);
                img.plane(1)[i] = 0.5f + 0.4f * (float) Math.sin(x * 0.11 + y * 0.07);
                img.plane(2)[i] = 0.5f + 0.4f * (float) Math.cos(y * 0.09 - x * 0.05);
            }
        }
        return img;
    }
}
