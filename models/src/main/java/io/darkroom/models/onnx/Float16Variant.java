package io.darkroom.models.onnx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The float16 copy of a float32 {@link OnnxModel} whose interface stays float32: a Cast to FLOAT16 after each graph
 * input, a Cast back to FLOAT before each graph output, and every float32 initializer stored as FLOAT16 except
 * those Resize reads as {@code roi} or {@code scales} (ONNX requires float32 there). Everything between runs on
 * float16 tensors; which kernels compute in float16 is the execution provider's business (ONNX Runtime's CPU
 * provider inserts Casts around the operators it has no float16 kernel for). The variant's metadata_props say
 * {@value #PRECISION_KEY} = {@value #FP16}, which is how a runner tells the two files apart.
 */
public final class Float16Variant {

    /** Suffix of the internal float16 tensors that stand in for the graph's inputs and outputs. */
    public static final String SUFFIX = "/fp16";
    /** metadata_props key naming the arithmetic precision of the graph; only the float16 variant carries it. */
    public static final String PRECISION_KEY = "darkroom.precision";

    public static final String FP16 = "fp16";

    private Float16Variant() {}

    /** The float16 variant of a float32 model (whose inputs and outputs are float32 tensors). */
    public static OnnxModel of(OnnxModel model) {
        if (FP16.equals(model.metadata().get(PRECISION_KEY))) {
            throw new IllegalArgumentException("graph " + model.graph().name() + " is already a float16 variant");
        }
        OnnxModel.Graph g = model.graph();
        Set<String> keepFloat = new HashSet<>();
        for (OnnxModel.Node node : g.nodes()) {
            if (node.opType().equals("Resize")) {
                for (int i = 1; i < node.inputs().size(); i++) {
                    keepFloat.add(node.inputs().get(i));
                }
            }
        }
        Map<String, String> rename = new HashMap<>();
        for (OnnxModel.ValueInfo v : g.inputs()) {
            rename.put(v.name(), v.name() + SUFFIX);
        }
        for (OnnxModel.ValueInfo v : g.outputs()) {
            if (rename.containsKey(v.name())) {
                throw new IllegalArgumentException(
                        "graph " + g.name() + ": '" + v.name() + "' is both an input and an output");
            }
            rename.put(v.name(), v.name() + SUFFIX);
        }
        List<OnnxModel.Node> nodes = new ArrayList<>();
        for (OnnxModel.ValueInfo v : g.inputs()) {
            nodes.add(cast(v.name() + "/to_fp16", v.name(), v.name() + SUFFIX, OnnxModel.ElementType.FLOAT16));
        }
        for (OnnxModel.Node node : g.nodes()) {
            nodes.add(new OnnxModel.Node(
                    node.opType(),
                    node.name(),
                    renamed(node.inputs(), rename),
                    renamed(node.outputs(), rename),
                    node.attributes()));
        }
        for (OnnxModel.ValueInfo v : g.outputs()) {
            nodes.add(cast(v.name() + "/to_fp32", v.name() + SUFFIX, v.name(), OnnxModel.ElementType.FLOAT));
        }
        List<OnnxModel.Tensor> initializers = new ArrayList<>();
        for (OnnxModel.Tensor t : g.initializers()) {
            boolean half = t.type() == OnnxModel.ElementType.FLOAT && !keepFloat.contains(t.name());
            initializers.add(
                    half ? new OnnxModel.Tensor(t.name(), t.dims(), t.values(), OnnxModel.ElementType.FLOAT16) : t);
        }
        OnnxModel.Graph graph = new OnnxModel.Graph(g.name(), nodes, initializers, g.inputs(), g.outputs());
        Map<String, String> metadata = new HashMap<>(model.metadata());
        metadata.put(PRECISION_KEY, FP16);
        return new OnnxModel(
                model.irVersion(),
                model.opsetVersion(),
                model.producerName(),
                model.producerVersion(),
                graph,
                metadata);
    }

    private static OnnxModel.Node cast(String name, String in, String out, OnnxModel.ElementType to) {
        return new OnnxModel.Node(
                "Cast", name, List.of(in), List.of(out), List.of(new OnnxModel.IntAttr("to", to.code())));
    }

    private static List<String> renamed(List<String> names, Map<String, String> rename) {
        return names.stream().map(n -> rename.getOrDefault(n, n)).toList();
    }
}
