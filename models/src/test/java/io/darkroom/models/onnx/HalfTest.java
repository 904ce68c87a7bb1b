package io.darkroom.models.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.darkroom.models.onnx.OnnxModel.Fixed;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HalfTest {

    @Test
    void everyHalfSurvivesTheRoundTripExactly() {
        for (int h = 0; h < 0x10000; h++) {
            float f = Half.toFloat((short) h);
            boolean nan = (h & 0x7c00) == 0x7c00 && (h & 0x3ff) != 0;
            if (nan) {
                assertThat(f).isNaN();
                assertThat(Float.isNaN(Half.toFloat(Half.fromFloat(f)))).isTrue();
            } else {
                assertThat(Half.fromFloat(f) & 0xffff).as("half 0x%04x", h).isEqualTo(h);
            }
        }
    }

    @Test
    void roundsToNearestWithTiesToEven() {
        assertThat(Half.fromFloat(1f)).isEqualTo((short) 0x3c00);
        assertThat(Half.fromFloat(-2f)).isEqualTo((short) 0xc000);
        assertThat(Half.fromFloat(-0f)).isEqualTo((short) 0x8000);
        assertThat(Half.fromFloat(Half.MAX_VALUE)).isEqualTo((short) 0x7bff);
        assertThat(Half.fromFloat(65519.99f)).isEqualTo((short) 0x7bff);
        assertThat(Half.fromFloat(65520f))
                .as("the tie above 65504 goes to infinity")
                .isEqualTo((short) 0x7c00);
        assertThat(Half.fromFloat(Float.NEGATIVE_INFINITY)).isEqualTo((short) 0xfc00);
        assertThat(Half.fromFloat(0x1p-24f)).isEqualTo((short) 0x0001);
        assertThat(Half.fromFloat(0x1p-25f))
                .as("half the smallest subnormal: a tie, to even zero")
                .isZero();
        assertThat(Half.fromFloat(0x1.8p-25f)).isEqualTo((short) 0x0001);
        assertThat(Half.fromFloat(0x1p-30f)).isZero();
        assertThat(Half.fromFloat(1f + 0x1p-11f))
                .as("tie between 1 and 1+2^-10")
                .isEqualTo((short) 0x3c00);
        assertThat(Half.fromFloat(1f + 0x3p-11f))
                .as("tie between 1+2^-10 and 1+2^-9")
                .isEqualTo((short) 0x3c02);
        // every midpoint between neighbouring finite halves goes to the even one, a float either side to the nearer
        for (int h = 0; h < 0x7bff; h++) {
            float lo = Half.toFloat((short) h);
            float hi = Half.toFloat((short) (h + 1));
            float mid = (lo + hi) / 2; // exact in float32: halves have 11 significant bits
            int even = (h & 1) == 0 ? h : h + 1;
            assertThat(Half.fromFloat(mid) & 0xffff)
                    .as("midpoint above 0x%04x", h)
                    .isEqualTo(even);
            assertThat(Half.fromFloat(Math.nextDown(mid)) & 0xffff).isEqualTo(h);
            assertThat(Half.fromFloat(Math.nextUp(mid)) & 0xffff).isEqualTo(h + 1);
        }
    }

    @Test
    void agreesWithOnnxRuntimesCast() throws Exception {
        // input float32 -> Cast(FLOAT16) -> Cast(FLOAT) -> output
        OnnxModel.Graph graph = new OnnxModel.Graph(
                "cast",
                List.of(
                        new OnnxModel.Node(
                                "Cast",
                                "to_half",
                                List.of("x"),
                                List.of("h"),
                                List.of(new OnnxModel.IntAttr("to", OnnxModel.ElementType.FLOAT16.code()))),
                        new OnnxModel.Node(
                                "Cast",
                                "to_float",
                                List.of("h"),
                                List.of("y"),
                                List.of(new OnnxModel.IntAttr("to", OnnxModel.ElementType.FLOAT.code())))),
                List.of(),
                List.of(new OnnxModel.ValueInfo("x", List.of(new Fixed(4096)))),
                List.of(new OnnxModel.ValueInfo("y", List.of(new Fixed(4096)))));
        byte[] model = OnnxWriter.toBytes(new OnnxModel(8, 17, "test", "1", graph, Map.of()));
        float[] in = new float[4096];
        Random random = new Random(7);
        for (int i = 0; i < in.length; i++) {
            // magnitudes from 2^-28 (below the subnormals) to 2^17 (beyond the largest half), both signs
            in[i] = (float) ((random.nextBoolean() ? 1 : -1) * Math.pow(2, random.nextDouble() * 45 - 28));
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(model, new OrtSession.SessionOptions());
                OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(in), new long[] {in.length});
                OrtSession.Result result = session.run(Map.of("x", x))) {
            FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
            for (int i = 0; i < in.length; i++) {
                assertThat(out.get(i)).as("Cast of %s", in[i]).isEqualTo(Half.round(in[i]));
            }
        }
    }
}
