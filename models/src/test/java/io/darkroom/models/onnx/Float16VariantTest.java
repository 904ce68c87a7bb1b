package io.darkroom.models.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.darkroom.models.onnx.OnnxModel.Dim;
import io.darkroom.models.onnx.OnnxModel.Fixed;
import io.darkroom.models.onnx.OnnxModel.Node;
import io.darkroom.models.onnx.OnnxModel.Symbolic;
import io.darkroom.models.testing.Ort;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Float16VariantTest {

    /** Mixes the 3 channels (some outputs negative, so Relu matters). */
    private static final float[] W = {0.9f, -0.35f, 0.1f, -0.6f, 1.3f, 0.05f, 0.2f, 0.3f, -1.1f};

    private static final float[] B = {3.3f, -7.1f, 151.7f};

    /** NHWC float32 in, Transpose, 1x1 Conv, Relu, Resize nearest x2, Transpose, NHWC float32 out. */
    private static OnnxModel model() {
        Dim n = new Fixed(1);
        Dim c = new Fixed(3);
        List<Node> nodes = List.of(
                new Node(
                        "Transpose",
                        "to_nchw",
                        List.of("input"),
                        List.of("x"),
                        List.of(new OnnxModel.IntsAttr("perm", 0, 3, 1, 2))),
                new Node(
                        "Conv",
                        "mix",
                        List.of("x", "w", "b"),
                        List.of("y"),
                        List.of(new OnnxModel.IntsAttr("kernel_shape", 1, 1))),
                new Node("Relu", "relu", List.of("y"), List.of("r"), List.of()),
                new Node(
                        "Resize",
                        "up",
                        List.of("r", "", "scales"),
                        List.of("z"),
                        List.of(
                                new OnnxModel.StringAttr("mode", "nearest"),
                                new OnnxModel.StringAttr("coordinate_transformation_mode", "asymmetric"),
                                new OnnxModel.StringAttr("nearest_mode", "floor"))),
                new Node(
                        "Transpose",
                        "to_nhwc",
                        List.of("z"),
                        List.of("output"),
                        List.of(new OnnxModel.IntsAttr("perm", 0, 2, 3, 1))));
        OnnxModel.Graph g = new OnnxModel.Graph(
                "mix",
                nodes,
                List.of(
                        new OnnxModel.Tensor("w", new long[] {3, 3, 1, 1}, W),
                        new OnnxModel.Tensor("b", new long[] {3}, B),
                        new OnnxModel.Tensor("scales", new long[] {4}, new float[] {1, 1, 2, 2})),
                List.of(new OnnxModel.ValueInfo("input", List.of(n, new Symbolic("h"), new Symbolic("w"), c))),
                List.of(new OnnxModel.ValueInfo("output", List.of(n, new Symbolic("h2"), new Symbolic("w2"), c))));
        return new OnnxModel(8, 17, "test", "1", g, Map.of("darkroom.source", "test"));
    }

    @Test
    void castsAtTheEdgesFloat16WeightsFloat32Scales() {
        OnnxModel half = Float16Variant.of(model());
        List<Node> nodes = half.graph().nodes();
        assertThat(nodes)
                .extracting(Node::opType)
                .containsExactly("Cast", "Transpose", "Conv", "Relu", "Resize", "Transpose", "Cast");
        assertThat(nodes.get(0).inputs()).containsExactly("input");
        assertThat(nodes.get(0).outputs()).containsExactly("input/fp16");
        assertThat(nodes.get(0).attributes()).containsExactly(new OnnxModel.IntAttr("to", 10));
        assertThat(nodes.get(1).inputs()).containsExactly("input/fp16");
        assertThat(nodes.get(5).outputs()).containsExactly("output/fp16");
        assertThat(nodes.get(6).outputs()).containsExactly("output");
        assertThat(nodes.get(6).attributes()).containsExactly(new OnnxModel.IntAttr("to", 1));
        assertThat(half.graph().initializers())
                .extracting(OnnxModel.Tensor::type)
                .containsExactly(
                        OnnxModel.ElementType.FLOAT16, OnnxModel.ElementType.FLOAT16, OnnxModel.ElementType.FLOAT);
        assertThat(half.graph().inputs()).isEqualTo(model().graph().inputs());
        assertThat(half.graph().outputs()).isEqualTo(model().graph().outputs());
        assertThat(half.metadata())
                .containsEntry("darkroom.precision", "fp16")
                .containsEntry("darkroom.source", "test");
        assertThat(OnnxInspector.inspect(OnnxWriter.toBytes(half))
                        .inputs()
                        .get(0)
                        .name())
                .isEqualTo("input");
        assertThat(OnnxWriter.toBytes(Float16Variant.of(model())))
                .as("deterministic")
                .isEqualTo(OnnxWriter.toBytes(half));
        assertThatThrownBy(() -> Float16Variant.of(half)).hasMessageContaining("already a float16 variant");
    }

    @Test
    void runsInOnnxRuntimeOnTheCpuWithinOneHalfStep() throws Exception {
        int h = 5;
        int w = 7;
        float[] in = new float[h * w * 3];
        for (int i = 0; i < in.length; i++) {
            in[i] = (i * 37 % 256) + (i % 3) * 0.3f; // 0..255, not all integers
        }
        Ort.Result half = Ort.run(OnnxWriter.toBytes(Float16Variant.of(model())), "input", in, 1, h, w, 3);
        Ort.Result full = Ort.run(OnnxWriter.toBytes(model()), "input", in, 1, h, w, 3);
        assertThat(half.shape()).containsExactly(1, 2 * h, 2 * w, 3);
        int zeros = 0;
        double worstVsFull = 0;
        for (int y = 0; y < 2 * h; y++) {
            for (int x = 0; x < 2 * w; x++) {
                for (int o = 0; o < 3; o++) {
                    // float16 weights, input and bias; the sum in any precision; Relu; the result as a half
                    double sum = Half.round(B[o]);
                    for (int k = 0; k < 3; k++) {
                        sum += Half.round(W[o * 3 + k]) * Half.round(in[((y / 2) * w + x / 2) * 3 + k]);
                    }
                    double expected = Math.max(0, sum);
                    int at = (y * 2 * w + x) * 3 + o;
                    float got = half.values()[at];
                    assertThat(got).as("a float16 value").isEqualTo(Half.round(got));
                    // one step of half precision at this magnitude (11 significant bits)
                    double step = Math.max(0x1p-24, Math.ulp(Half.round((float) expected)) * 0x1p13);
                    assertThat(Math.abs(got - expected))
                            .as("(%d,%d) channel %d", x, y, o)
                            .isLessThanOrEqualTo(step);
                    worstVsFull = Math.max(worstVsFull, Math.abs(got - full.values()[at]));
                    zeros += got == 0 ? 1 : 0;
                }
            }
        }
        assertThat(zeros).as("outputs Relu cut to zero").isGreaterThan(0);
        assertThat(worstVsFull)
                .as("float16 vs float32, model units 0..255")
                .isGreaterThan(0)
                .isLessThan(0.5);
    }
}
