package io.darkroom.models.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.darkroom.models.onnx.OnnxModel.Fixed;
import io.darkroom.models.onnx.OnnxModel.IntAttr;
import io.darkroom.models.onnx.OnnxModel.IntsAttr;
import io.darkroom.models.onnx.OnnxModel.Node;
import io.darkroom.models.onnx.OnnxModel.Symbolic;
import io.darkroom.models.testing.Ort;
import io.darkroom.models.testing.TestFiles;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OnnxWriterTest {

    // Conv 2 -> 3 channels, 3x3 kernel, pads 1, then Relu; NCHW [1, 2, H, W] with symbolic H and W.
    private static final int CI = 2;
    private static final int CO = 3;
    private static final int K = 3;

    private static float weight(int o, int i, int y, int x) {
        return ((o * 7 + i * 5 + y * 3 + x) % 11 - 5) / 4f;
    }

    private static OnnxModel convRelu() {
        float[] w = new float[CO * CI * K * K];
        for (int o = 0; o < CO; o++) {
            for (int i = 0; i < CI; i++) {
                for (int y = 0; y < K; y++) {
                    for (int x = 0; x < K; x++) {
                        w[((o * CI + i) * K + y) * K + x] = weight(o, i, y, x);
                    }
                }
            }
        }
        float[] bias = {0.5f, -1f, 2f};
        OnnxModel.Graph graph = new OnnxModel.Graph(
                "conv_relu",
                List.of(
                        new Node(
                                "Conv",
                                "conv",
                                List.of("x", "w", "b"),
                                List.of("c"),
                                List.of(
                                        new IntsAttr("kernel_shape", K, K), new IntsAttr("pads", 1, 1, 1, 1),
                                        new IntsAttr("strides", 1, 1), new IntAttr("group", 1))),
                        new Node("Relu", "relu", List.of("c"), List.of("y"), List.of())),
                List.of(
                        new OnnxModel.Tensor("w", new long[] {CO, CI, K, K}, w),
                        new OnnxModel.Tensor("b", new long[] {CO}, bias)),
                List.of(new OnnxModel.ValueInfo(
                        "x", List.of(new Fixed(1), new Fixed(CI), new Symbolic("H"), new Symbolic("W")))),
                List.of(new OnnxModel.ValueInfo(
                        "y", List.of(new Fixed(1), new Fixed(CO), new Symbolic("H"), new Symbolic("W")))));
        return new OnnxModel(8, 17, "darkroom-test", "1", graph, Map.of("purpose", "writer test"));
    }

    /** out[o][y][x] = relu(b[o] + sum w[o][i][dy][dx] * in[i][y+dy-1][x+dx-1]), zero outside. */
    private static float[] reference(float[] in, int h, int w) {
        float[] bias = {0.5f, -1f, 2f};
        float[] out = new float[CO * h * w];
        for (int o = 0; o < CO; o++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double acc = bias[o];
                    for (int i = 0; i < CI; i++) {
                        for (int dy = 0; dy < K; dy++) {
                            for (int dx = 0; dx < K; dx++) {
                                int iy = y + dy - 1;
                                int ix = x + dx - 1;
                                if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                    acc += weight(o, i, dy, dx) * in[(i * h + iy) * w + ix];
                                }
                            }
                        }
                    }
                    out[(o * h + y) * w + x] = (float) Math.max(0, acc);
                }
            }
        }
        return out;
    }

    @Test
    void onnxRuntimeRunsTheHandWrittenModelAndMatchesTheJavaReference() throws Exception {
        byte[] bytes = OnnxWriter.toBytes(convRelu());
        for (int[] size : new int[][] {{5, 7}, {9, 4}}) {
            int h = size[0];
            int w = size[1];
            float[] in = new float[CI * h * w];
            for (int i = 0; i < in.length; i++) {
                in[i] = (float) Math.sin(i * 0.37) * 3;
            }
            Ort.Result out = Ort.run(bytes, "x", in, 1, CI, h, w);
            float[] expected = reference(in, h, w);
            assertThat(out.shape()).containsExactly(1, CO, h, w);
            assertThat(TestFiles.maxAbsDiff(out.values(), expected)).isLessThan(1e-5);
            assertThat(expected).contains(0f); // Relu clipped some values
            assertThat(max(expected)).isGreaterThan(1f);
        }
    }

    private static float max(float[] values) {
        float m = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            m = Math.max(m, v);
        }
        return m;
    }

    @Test
    void declaresSymbolicDimensionsAndMetadataThatOnnxRuntimeReadsBack() throws Exception {
        byte[] bytes = OnnxWriter.toBytes(convRelu());
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(bytes, new OrtSession.SessionOptions())) {
            TensorInfo in = (TensorInfo) session.getInputInfo().get("x").getInfo();
            assertThat(in.getShape()).containsExactly(1, CI, -1, -1);
            assertThat(in.getDimensionNames()).containsExactly("", "", "H", "W");
            assertThat(session.getOutputNames()).containsExactly("y");
            assertThat(session.getMetadata().getProducerName()).isEqualTo("darkroom-test");
            assertThat(session.getMetadata().getCustomMetadataValue("purpose")).contains("writer test");
        }
    }

    @Test
    void writesTheSameBytesForTheSameModel() {
        assertThat(OnnxWriter.toBytes(convRelu())).isEqualTo(OnnxWriter.toBytes(convRelu()));
    }
}
