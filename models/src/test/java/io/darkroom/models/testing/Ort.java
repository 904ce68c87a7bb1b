package io.darkroom.models.testing;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;

/** Runs an ONNX model once on the CPU with ONNX Runtime. */
public final class Ort {
    private Ort() {}

    public record Result(float[] values, long[] shape) {}

    public static Result run(byte[] model, String input, float[] values, long... shape) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(2);
            try (OrtSession session = env.createSession(model, options);
                    OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(values), shape);
                    OrtSession.Result result = session.run(Map.of(input, in))) {
                OnnxTensor out = (OnnxTensor) result.get(0);
                FloatBuffer fb = out.getFloatBuffer();
                float[] data = new float[fb.remaining()];
                fb.get(data);
                return new Result(data, out.getInfo().getShape());
            }
        }
    }
}
