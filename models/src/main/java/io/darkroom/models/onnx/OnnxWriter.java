package io.darkroom.models.onnx;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Serialises an {@link OnnxModel} as an ONNX ModelProto with protobuf's wire format, written field by field from the
 * field numbers of onnx.proto (no generated classes). Nested messages are encoded to bytes first and then written as
 * length-delimited fields. Output is deterministic: the same model gives the same bytes.
 */
public final class OnnxWriter {

    // ModelProto
    private static final int MODEL_IR_VERSION = 1;
    private static final int MODEL_PRODUCER_NAME = 2;
    private static final int MODEL_PRODUCER_VERSION = 3;
    private static final int MODEL_GRAPH = 7;
    private static final int MODEL_OPSET_IMPORT = 8;
    private static final int MODEL_METADATA_PROPS = 14;
    // OperatorSetIdProto
    private static final int OPSET_DOMAIN = 1;
    private static final int OPSET_VERSION = 2;
    // StringStringEntryProto
    private static final int ENTRY_KEY = 1;
    private static final int ENTRY_VALUE = 2;
    // GraphProto
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_NAME = 2;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    // NodeProto
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_NAME = 3;
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_ATTRIBUTE = 5;
    // AttributeProto and its AttributeType enum
    private static final int ATTR_NAME = 1;
    private static final int ATTR_F = 2;
    private static final int ATTR_I = 3;
    private static final int ATTR_S = 4;
    private static final int ATTR_INTS = 8;
    private static final int ATTR_TYPE = 20;
    private static final int ATTR_TYPE_FLOAT = 1;
    private static final int ATTR_TYPE_INT = 2;
    private static final int ATTR_TYPE_STRING = 3;
    private static final int ATTR_TYPE_INTS = 7;
    // TensorProto and its DataType enum
    private static final int TENSOR_DIMS = 1;
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_RAW_DATA = 9;
    private static final int DATA_TYPE_FLOAT = 1;
    // ValueInfoProto, TypeProto, TypeProto.Tensor, TensorShapeProto, TensorShapeProto.Dimension
    private static final int VALUE_INFO_NAME = 1;
    private static final int VALUE_INFO_TYPE = 2;
    private static final int TYPE_TENSOR_TYPE = 1;
    private static final int TYPE_TENSOR_ELEM_TYPE = 1;
    private static final int TYPE_TENSOR_SHAPE = 2;
    private static final int SHAPE_DIM = 1;
    private static final int DIM_VALUE = 1;
    private static final int DIM_PARAM = 2;

    private OnnxWriter() {}

    /** The model as ONNX bytes. */
    public static byte[] toBytes(OnnxModel model) {
        return message(out -> {
            out.writeInt64(MODEL_IR_VERSION, model.irVersion());
            out.writeString(MODEL_PRODUCER_NAME, model.producerName());
            out.writeString(MODEL_PRODUCER_VERSION, model.producerVersion());
            out.writeByteArray(MODEL_GRAPH, graph(model.graph()));
            out.writeByteArray(MODEL_OPSET_IMPORT, message(o -> {
                o.writeString(OPSET_DOMAIN, "");
                o.writeInt64(OPSET_VERSION, model.opsetVersion());
            }));
            for (Map.Entry<String, String> e : model.metadata().entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .toList()) {
                out.writeByteArray(MODEL_METADATA_PROPS, message(o -> {
                    o.writeString(ENTRY_KEY, e.getKey());
                    o.writeString(ENTRY_VALUE, e.getValue());
                }));
            }
        });
    }

    public static void write(OnnxModel model, OutputStream out) throws IOException {
        out.write(toBytes(model));
    }

    /** Writes the model to {@code file} through a temporary sibling, so a reader never sees half a model. */
    public static void write(OnnxModel model, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".part");
        Files.write(tmp, toBytes(model));
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static byte[] graph(OnnxModel.Graph graph) {
        return message(out -> {
            for (OnnxModel.Node node : graph.nodes()) {
                out.writeByteArray(GRAPH_NODE, node(node));
            }
            out.writeString(GRAPH_NAME, graph.name());
            for (OnnxModel.Tensor tensor : graph.initializers()) {
                out.writeByteArray(GRAPH_INITIALIZER, tensor(tensor));
            }
            for (OnnxModel.ValueInfo input : graph.inputs()) {
                out.writeByteArray(GRAPH_INPUT, valueInfo(input));
            }
            for (OnnxModel.ValueInfo output : graph.outputs()) {
                out.writeByteArray(GRAPH_OUTPUT, valueInfo(output));
            }
        });
    }

    private static byte[] node(OnnxModel.Node node) {
        return message(out -> {
            for (String input : node.inputs()) {
                out.writeString(NODE_INPUT, input);
            }
            for (String output : node.outputs()) {
                out.writeString(NODE_OUTPUT, output);
            }
            out.writeString(NODE_NAME, node.name());
            out.writeString(NODE_OP_TYPE, node.opType());
            for (OnnxModel.Attribute attribute : node.attributes()) {
                out.writeByteArray(NODE_ATTRIBUTE, attribute(attribute));
            }
        });
    }

    private static byte[] attribute(OnnxModel.Attribute attribute) {
        return message(out -> {
            out.writeString(ATTR_NAME, attribute.name());
            if (attribute instanceof OnnxModel.IntAttr a) {
                out.writeInt64(ATTR_I, a.value());
                out.writeEnum(ATTR_TYPE, ATTR_TYPE_INT);
            } else if (attribute instanceof OnnxModel.IntsAttr a) {
                // proto2 "repeated int64 ints = 8" without [packed]: one tag per element
                for (long v : a.values()) {
                    out.writeInt64(ATTR_INTS, v);
                }
                out.writeEnum(ATTR_TYPE, ATTR_TYPE_INTS);
            } else if (attribute instanceof OnnxModel.FloatAttr a) {
                out.writeFloat(ATTR_F, a.value());
                out.writeEnum(ATTR_TYPE, ATTR_TYPE_FLOAT);
            } else if (attribute instanceof OnnxModel.StringAttr a) {
                out.writeByteArray(ATTR_S, a.value().getBytes(StandardCharsets.UTF_8));
                out.writeEnum(ATTR_TYPE, ATTR_TYPE_STRING);
            }
        });
    }

    private static byte[] tensor(OnnxModel.Tensor tensor) {
        return message(out -> {
            for (long d : tensor.dims()) {
                out.writeInt64(TENSOR_DIMS, d);
            }
            out.writeInt32(TENSOR_DATA_TYPE, tensor.type().code());
            out.writeString(TENSOR_NAME, tensor.name());
            out.writeByteArray(TENSOR_RAW_DATA, rawData(tensor));
        });
    }

    /** TensorProto.raw_data: little-endian float32, or little-endian IEEE half for FLOAT16. */
    private static byte[] rawData(OnnxModel.Tensor tensor) {
        float[] values = tensor.values();
        return switch (tensor.type()) {
            case FLOAT -> {
                ByteBuffer raw =
                        ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                raw.asFloatBuffer().put(values);
                yield raw.array();
            }
            case FLOAT16 -> {
                ByteBuffer raw =
                        ByteBuffer.allocate(values.length * Short.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                for (float v : values) {
                    raw.putShort(Half.fromFloat(v));
                }
                yield raw.array();
            }
        };
    }

    private static byte[] valueInfo(OnnxModel.ValueInfo info) {
        byte[] shape = message(out -> {
            for (OnnxModel.Dim dim : info.shape()) {
                out.writeByteArray(SHAPE_DIM, message(o -> {
                    if (dim instanceof OnnxModel.Fixed f) {
                        o.writeInt64(DIM_VALUE, f.size());
                    } else if (dim instanceof OnnxModel.Symbolic s) {
                        o.writeString(DIM_PARAM, s.param());
                    }
                }));
            }
        });
        byte[] tensorType = message(out -> {
            out.writeInt32(TYPE_TENSOR_ELEM_TYPE, DATA_TYPE_FLOAT);
            out.writeByteArray(TYPE_TENSOR_SHAPE, shape);
        });
        return message(out -> {
            out.writeString(VALUE_INFO_NAME, info.name());
            out.writeByteArray(VALUE_INFO_TYPE, message(o -> o.writeByteArray(TYPE_TENSOR_TYPE, tensorType)));
        });
    }

    @FunctionalInterface
    private interface Fields {
        void write(CodedOutputStream out) throws IOException;
    }

    /** Encodes one message body; the caller writes it as a length-delimited field of its parent. */
    private static byte[] message(Fields fields) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            fields.write(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode ONNX message", e);
        }
    }
}
