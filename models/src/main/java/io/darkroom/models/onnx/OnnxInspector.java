package io.darkroom.models.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the interface of any ONNX model (IR version, default opset, graph inputs and outputs with their shapes)
 * straight from the protobuf wire format, skipping everything else: enough to register a bring-your-own model and to
 * refuse a file that is not an ONNX model. Inputs that are also initializers (older exporters list weights as
 * inputs) are left out.
 */
public final class OnnxInspector {

    /** A graph input or output; a dimension is its size, or -1 with the symbolic name in {@code dimNames}. */
    public record TensorInfo(String name, int elemType, long[] dims, List<String> dimNames) {
        /** "NCHW" or "NHWC" for a rank-4 tensor with 3 channels in one of those places, else "unknown". */
        public String guessLayout() {
            if (dims.length == 4 && dims[1] == 3 && dims[3] != 3) {
                return "NCHW";
            }
            if (dims.length == 4 && dims[3] == 3 && dims[1] != 3) {
                return "NHWC";
            }
            return "unknown";
        }
    }

    /** What a model file declares. */
    public record Signature(long irVersion, long opsetVersion, List<TensorInfo> inputs, List<TensorInfo> outputs) {}

    private OnnxInspector() {}

    /** @throws IllegalArgumentException when the bytes are not an ONNX ModelProto with a graph */
    public static Signature inspect(byte[] model) {
        try {
            CodedInputStream in = CodedInputStream.newInstance(model);
            in.setRecursionLimit(200);
            long ir = -1;
            long opset = -1;
            byte[] graph = null;
            for (int tag; (tag = in.readTag()) != 0; ) {
                switch (WireFormat.getTagFieldNumber(tag)) {
                    case 1 -> ir = in.readInt64();
                    case 7 -> graph = in.readByteArray();
                    case 8 -> opset = Math.max(opset, defaultOpset(in.readByteArray()));
                    default -> in.skipField(tag);
                }
            }
            if (graph == null || ir < 1) {
                throw new IllegalArgumentException("not an ONNX model: no graph or no ir_version");
            }
            return graph(graph, ir, opset);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not an ONNX model: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read ONNX model: " + e.getMessage(), e);
        }
    }

    private static Signature graph(byte[] graph, long ir, long opset) throws IOException {
        List<TensorInfo> inputs = new ArrayList<>();
        List<TensorInfo> outputs = new ArrayList<>();
        Set<String> initializers = new HashSet<>();
        CodedInputStream in = CodedInputStream.newInstance(graph);
        for (int tag; (tag = in.readTag()) != 0; ) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 5 -> initializers.add(tensorName(in.readByteArray()));
                case 11 -> inputs.add(valueInfo(in.readByteArray()));
                case 12 -> outputs.add(valueInfo(in.readByteArray()));
                default -> in.skipField(tag);
            }
        }
        inputs.removeIf(i -> initializers.contains(i.name()));
        return new Signature(ir, opset, List.copyOf(inputs), List.copyOf(outputs));
    }

    private static long defaultOpset(byte[] opsetId) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(opsetId);
        String domain = "";
        long version = -1;
        for (int tag; (tag = in.readTag()) != 0; ) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> domain = in.readStringRequireUtf8();
                case 2 -> version = in.readInt64();
                default -> in.skipField(tag);
            }
        }
        return domain.isEmpty() || domain.equals("ai.onnx") ? version : -1;
    }

    private static String tensorName(byte[] tensor) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(tensor);
        for (int tag; (tag = in.readTag()) != 0; ) {
            if (WireFormat.getTagFieldNumber(tag) == 8) {
                return in.readStringRequireUtf8();
            }
            in.skipField(tag);
        }
        return "";
    }

    private static TensorInfo valueInfo(byte[] info) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(info);
        String name = "";
        int elemType = 0;
        List<Long> dims = new ArrayList<>();
        List<String> dimNames = new ArrayList<>();
        for (int tag; (tag = in.readTag()) != 0; ) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> name = in.readStringRequireUtf8();
                case 2 -> { // TypeProto
                    CodedInputStream type = CodedInputStream.newInstance(in.readByteArray());
                    for (int t; (t = type.readTag()) != 0; ) {
                        if (WireFormat.getTagFieldNumber(t) == 1) { // tensor_type
                            elemType = tensorType(type.readByteArray(), dims, dimNames);
                        } else {
                            type.skipField(t);
                        }
                    }
                }
                default -> in.skipField(tag);
            }
        }
        return new TensorInfo(
                name, elemType, dims.stream().mapToLong(Long::longValue).toArray(), List.copyOf(dimNames));
    }

    private static int tensorType(byte[] tensorType, List<Long> dims, List<String> dimNames) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(tensorType);
        int elemType = 0;
        for (int tag; (tag = in.readTag()) != 0; ) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> elemType = in.readInt32();
                case 2 -> { // TensorShapeProto
                    CodedInputStream shape = CodedInputStream.newInstance(in.readByteArray());
                    for (int s; (s = shape.readTag()) != 0; ) {
                        if (WireFormat.getTagFieldNumber(s) == 1) {
                            dimension(shape.readByteArray(), dims, dimNames);
                        } else {
                            shape.skipField(s);
                        }
                    }
                }
                default -> in.skipField(tag);
            }
        }
        return elemType;
    }

    private static void dimension(byte[] dim, List<Long> dims, List<String> dimNames) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(dim);
        long value = -1;
        String param = "";
        for (int tag; (tag = in.readTag()) != 0; ) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> value = in.readInt64();
                case 2 -> param = in.readStringRequireUtf8();
                default -> in.skipField(tag);
            }
        }
        dims.add(value);
        dimNames.add(param);
    }
}
