package io.darkroom.models.testing;

import io.darkroom.models.onnx.OnnxModel;
import java.util.List;
import java.util.Map;

/** Minimal valid ONNX models for tests. */
public final class TinyOnnx {
    private TinyOnnx() {}

    /** One Identity node from {@code in} to {@code out}, both of the given shape, plus one unused initializer. */
    public static OnnxModel identity(String in, String out, OnnxModel.Dim... shape) {
        OnnxModel.Graph g = new OnnxModel.Graph(
                "g",
                List.of(new OnnxModel.Node("Identity", "id", List.of(in), List.of(out), List.of())),
                List.of(new OnnxModel.Tensor("unused", new long[] {1}, new float[] {0})),
                List.of(new OnnxModel.ValueInfo(in, List.of(shape))),
                List.of(new OnnxModel.ValueInfo(out, List.of(shape))));
        return new OnnxModel(8, 17, "test", "1", g, Map.of());
    }
}
