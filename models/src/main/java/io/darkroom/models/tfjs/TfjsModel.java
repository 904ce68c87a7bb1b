package io.darkroom.models.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import io.darkroom.contracts.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * A TensorFlow.js layers-format model ({@code model.json} with a Keras functional model topology, plus the binary
 * weight shards its weightsManifest lists), read into {@link KerasLayer}s and float32 weights.
 */
public final class TfjsModel {

    private static final Logger LOG = Logger.getLogger(TfjsModel.class);

    /** One named weight; {@code shape} as stored (Conv2D kernels HWIO). */
    public record Weight(String name, int[] shape, float[] values) {}

    private final Path directory;
    private final String name;
    private final List<KerasLayer> layers;
    private final String input;
    private final String output;
    private final Map<String, Weight> weights;

    private TfjsModel(
            Path directory,
            String name,
            List<KerasLayer> layers,
            String input,
            String output,
            Map<String, Weight> weights) {
        this.directory = directory;
        this.name = name;
        this.layers = List.copyOf(layers);
        this.input = input;
        this.output = output;
        this.weights = Collections.unmodifiableMap(weights);
    }

    /** Reads {@code model.json} and its shards from a directory (or from the path of a model.json itself). */
    public static TfjsModel read(Path directoryOrModelJson) throws IOException {
        Path modelJson = Files.isDirectory(directoryOrModelJson)
                ? directoryOrModelJson.resolve("model.json")
                : directoryOrModelJson;
        if (!Files.isRegularFile(modelJson)) {
            throw new NoSuchFileException(modelJson.toString(), null, "no TensorFlow.js model.json here");
        }
        Path dir = modelJson.toAbsolutePath().getParent();
        JsonNode root = Json.mapper().readTree(modelJson.toFile());
        String format = root.path("format").asText("layers-model");
        if (!format.equals("layers-model")) {
            throw new TfjsFormatException(modelJson + ": format '" + format + "' is not a layers-model");
        }
        JsonNode modelConfig = root.path("modelTopology").path("model_config");
        if (modelConfig.isMissingNode()) {
            modelConfig = root.path("modelTopology");
        }
        String className = modelConfig.path("class_name").asText();
        if (!className.equals("Functional") && !className.equals("Model")) {
            throw new TfjsFormatException(modelJson + ": model class '" + className
                    + "' is not supported (supported: a Keras functional model)");
        }
        JsonNode config = modelConfig.path("config");
        List<KerasLayer> layers = new ArrayList<>();
        for (JsonNode layer : config.path("layers")) {
            layers.add(KerasLayerParser.parse(layer));
        }
        checkOrder(layers);
        String input = single(config.path("input_layers"), "input");
        String output = single(config.path("output_layers"), "output");
        Map<String, Weight> weights = readWeights(dir, root.path("weightsManifest"));
        String name = config.path("name").asText("model");
        LOG.debugf(
                "read TensorFlow.js model %s from %s: %d layers, %d weights", name, dir, layers.size(), weights.size());
        return new TfjsModel(dir, name, layers, input, output, weights);
    }

    public Path directory() {
        return directory;
    }

    public String name() {
        return name;
    }

    /** Layers in topological order (every layer after the layers that feed it). */
    public List<KerasLayer> layers() {
        return layers;
    }

    public String inputLayer() {
        return input;
    }

    public String outputLayer() {
        return output;
    }

    public Map<String, Weight> weights() {
        return weights;
    }

    /**
     * The weight {@code <layer>/<kind>} (kind "kernel" or "bias"); converters sometimes prefix the model name, so a
     * name that ends in {@code /<layer>/<kind>} also matches.
     */
    public Weight weight(String layer, String kind) {
        String exact = layer + "/" + kind;
        Weight w = weights.get(exact);
        if (w != null) {
            return w;
        }
        List<Weight> matches = weights.values().stream()
                .filter(v -> v.name().endsWith("/" + exact))
                .toList();
        if (matches.size() != 1) {
            throw new TfjsFormatException("layer '" + layer + "': " + (matches.isEmpty() ? "no" : "ambiguous")
                    + " weight " + exact + " in the weights manifest");
        }
        return matches.get(0);
    }

    private static void checkOrder(List<KerasLayer> layers) {
        Set<String> seen = new HashSet<>();
        for (KerasLayer layer : layers) {
            for (String in : layer.inbound()) {
                if (!seen.contains(in)) {
                    throw new TfjsFormatException(
                            "layer '" + layer.name() + "' reads '" + in + "', which is not defined before it");
                }
            }
            if (!seen.add(layer.name())) {
                throw new TfjsFormatException("layer name '" + layer.name() + "' is used twice");
            }
        }
    }

    private static String single(JsonNode refs, String what) {
        if (!refs.isArray() || refs.size() != 1) {
            throw new TfjsFormatException("expected exactly one " + what + " layer, got " + refs);
        }
        JsonNode ref = refs.get(0);
        return ref.isArray() ? ref.get(0).asText() : ref.asText();
    }

    private static Map<String, Weight> readWeights(Path dir, JsonNode manifest) throws IOException {
        Map<String, Weight> weights = new LinkedHashMap<>();
        for (JsonNode group : manifest) {
            ByteBuffer data =
                    ByteBuffer.wrap(concatenate(dir, group.path("paths"))).order(ByteOrder.LITTLE_ENDIAN);
            for (JsonNode spec : group.path("weights")) {
                String name = spec.path("name").asText();
                String dtype = spec.path("dtype").asText("float32");
                if (!dtype.equals("float32") || spec.has("quantization")) {
                    throw new TfjsFormatException("weight " + name + ": only unquantised float32 weights are supported,"
                            + " got dtype " + dtype + (spec.has("quantization") ? " with quantization" : ""));
                }
                int[] shape = new int[spec.path("shape").size()];
                long count = 1;
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = spec.path("shape").get(i).asInt();
                    count *= shape[i];
                }
                if (count * Float.BYTES > data.remaining()) {
                    throw new TfjsFormatException("weight " + name + " " + Arrays.toString(shape)
                            + " runs past the end of its shard(s) " + group.path("paths"));
                }
                float[] values = new float[(int) count];
                data.asFloatBuffer().get(values);
                data.position(data.position() + values.length * Float.BYTES);
                weights.put(name, new Weight(name, shape, values));
            }
            if (data.hasRemaining()) {
                throw new TfjsFormatException("shard(s) " + group.path("paths") + " hold " + data.remaining()
                        + " bytes more than the manifest describes");
            }
        }
        return weights;
    }

    private static byte[] concatenate(Path dir, JsonNode paths) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (JsonNode p : paths) {
            Path shard = dir.resolve(p.asText()).normalize();
            if (!shard.startsWith(dir)) {
                throw new TfjsFormatException("weight shard path " + p.asText() + " leaves the model directory");
            }
            all.write(Files.readAllBytes(shard));
        }
        return all.toByteArray();
    }
}
