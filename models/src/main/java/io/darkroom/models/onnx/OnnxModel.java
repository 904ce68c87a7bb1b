package io.darkroom.models.onnx;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The subset of an ONNX ModelProto that Darkroom writes: one graph of float tensors, initializers stored as raw
 * little-endian data, the default operator set only. {@link OnnxWriter} turns it into bytes.
 *
 * @param irVersion ONNX IR version (8 goes with opset 17)
 * @param opsetVersion version of the default ("" / ai.onnx) operator set
 * @param metadata free-form key/value pairs (ModelProto.metadata_props), in insertion order
 */
public record OnnxModel(
        long irVersion,
        long opsetVersion,
        String producerName,
        String producerVersion,
        Graph graph,
        Map<String, String> metadata) {

    public OnnxModel {
        Objects.requireNonNull(graph, "graph");
        metadata = Map.copyOf(metadata);
    }

    /** A computation graph: nodes in topological order. */
    public record Graph(
            String name, List<Node> nodes, List<Tensor> initializers, List<ValueInfo> inputs, List<ValueInfo> outputs) {
        public Graph {
            nodes = List.copyOf(nodes);
            initializers = List.copyOf(initializers);
            inputs = List.copyOf(inputs);
            outputs = List.copyOf(outputs);
        }
    }

    /** One operator application. An empty input name means "optional input left out" (e.g. Resize's roi). */
    public record Node(
            String opType, String name, List<String> inputs, List<String> outputs, List<Attribute> attributes) {
        public Node {
            inputs = List.copyOf(inputs);
            outputs = List.copyOf(outputs);
            attributes = List.copyOf(attributes);
        }
    }

    /** A node attribute; the kinds Darkroom needs. */
    public sealed interface Attribute permits IntAttr, IntsAttr, FloatAttr, StringAttr {
        String name();
    }

    public record IntAttr(String name, long value) implements Attribute {}

    public record IntsAttr(String name, long... values) implements Attribute {}

    public record FloatAttr(String name, float value) implements Attribute {}

    public record StringAttr(String name, String value) implements Attribute {}

    /** TensorProto.DataType values Darkroom writes. */
    public enum ElementType {
        /** float32, TensorProto.DataType FLOAT = 1. */
        FLOAT(1),
        /** IEEE 754 half precision, TensorProto.DataType FLOAT16 = 10. */
        FLOAT16(10);

        private final int code;

        ElementType(int code) {
            this.code = code;
        }

        /** The TensorProto.DataType number. */
        public int code() {
            return code;
        }
    }

    /**
     * A constant tensor (an initializer), row-major. The values are given as float32 and stored as {@code type}:
     * FLOAT16 rounds each to the nearest half (ties to even, see {@link Half}) when written.
     */
    public record Tensor(String name, long[] dims, float[] values, ElementType type) {
        /** A float32 tensor. */
        public Tensor(String name, long[] dims, float[] values) {
            this(name, dims, values, ElementType.FLOAT);
        }

        public Tensor {
            Objects.requireNonNull(type, "type");
            long count = 1;
            for (long d : dims) {
                count *= d;
            }
            if (count != values.length) {
                throw new IllegalArgumentException(
                        "tensor " + name + ": dims give " + count + " values, got " + values.length);
            }
        }
    }

    /** A graph input or output: a float32 tensor of the given shape. */
    public record ValueInfo(String name, List<Dim> shape) {
        public ValueInfo {
            shape = List.copyOf(shape);
        }
    }

    /** One dimension of a declared shape: a fixed size or a named symbolic size (dim_param). */
    public sealed interface Dim permits Fixed, Symbolic {}

    public record Fixed(long size) implements Dim {}

    public record Symbolic(String param) implements Dim {}
}
