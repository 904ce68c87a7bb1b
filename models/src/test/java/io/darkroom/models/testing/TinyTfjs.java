package io.darkroom.models.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.darkroom.contracts.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Writes small TensorFlow.js layers models (model.json + one shard) with deterministic weights, for tests. */
public final class TinyTfjs {

    private final ArrayNode layers = Json.mapper().createArrayNode();
    private final ArrayNode weightSpecs = Json.mapper().createArrayNode();
    private final List<float[]> weightData = new ArrayList<>();
    private int seed = 1;

    public TinyTfjs input(String name, int channels) {
        ObjectNode l = layer("InputLayer", name);
        ArrayNode shape = ((ObjectNode) l.get("config")).putArray("batch_input_shape");
        shape.addNull().addNull().addNull().add(channels);
        ((ObjectNode) l.get("config")).put("dtype", "float32");
        return this;
    }

    /** Conv2D with HWIO kernel [k, k, in, filters] and a bias, weights from a fixed pseudo-random sequence. */
    public TinyTfjs conv(
            String name,
            String from,
            int in,
            int filters,
            int k,
            int stride,
            String padding,
            String activation,
            Consumer<ObjectNode> tweak) {
        ObjectNode l = layer("Conv2D", name, from);
        ObjectNode c = (ObjectNode) l.get("config");
        c.put("filters", filters)
                .put("padding", padding)
                .put("activation", activation)
                .put("use_bias", true)
                .put("data_format", "channels_last")
                .put("groups", 1);
        c.putArray("kernel_size").add(k).add(k);
        c.putArray("strides").add(stride).add(stride);
        c.putArray("dilation_rate").add(1).add(1);
        if (tweak != null) {
            tweak.accept(c);
        }
        weight(name + "/kernel", k, k, in, filters);
        weight(name + "/bias", filters);
        return this;
    }

    public TinyTfjs activation(String name, String from, String function) {
        ((ObjectNode) layer("Activation", name, from).get("config")).put("activation", function);
        return this;
    }

    public TinyTfjs concat(String name, String... from) {
        ((ObjectNode) layer("Concatenate", name, from).get("config")).put("axis", -1);
        return this;
    }

    public TinyTfjs add(String name, String... from) {
        layer("Add", name, from);
        return this;
    }

    public TinyTfjs upsample(String name, String from, int size) {
        ObjectNode c = (ObjectNode) layer("UpSampling2D", name, from).get("config");
        c.putArray("size").add(size).add(size);
        c.put("interpolation", "nearest").put("data_format", "channels_last");
        return this;
    }

    /** Any other layer type, to test refusals. */
    public TinyTfjs other(String className, String name, String from) {
        layer(className, name, from);
        return this;
    }

    public Path write(Path dir, String input, String output) throws IOException {
        Files.createDirectories(dir);
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("format", "layers-model").put("generatedBy", "darkroom-test");
        ObjectNode config = root.putObject("modelTopology")
                .putObject("model_config")
                .put("class_name", "Functional")
                .putObject("config");
        config.put("name", "tiny");
        config.set("layers", layers);
        config.putArray("input_layers").addArray().add(input).add(0).add(0);
        config.putArray("output_layers").addArray().add(output).add(0).add(0);
        ObjectNode group = root.putArray("weightsManifest").addObject();
        group.putArray("paths").add("group1-shard1of1.bin");
        group.set("weights", weightSpecs);
        int count = weightData.stream().mapToInt(w -> w.length).sum();
        ByteBuffer bin = ByteBuffer.allocate(count * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] w : weightData) {
            for (float v : w) {
                bin.putFloat(v);
            }
        }
        Files.write(dir.resolve("group1-shard1of1.bin"), bin.array());
        Files.writeString(dir.resolve("model.json"), Json.write(root));
        return dir;
    }

    private void weight(String name, int... shape) {
        int n = 1;
        ObjectNode spec = weightSpecs.addObject().put("name", name).put("dtype", "float32");
        ArrayNode s = spec.putArray("shape");
        for (int d : shape) {
            s.add(d);
            n *= d;
        }
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            seed = seed * 1103515245 + 12345;
            values[i] = ((seed >>> 8) % 2001 - 1000) / 2500f;
        }
        weightData.add(values);
    }

    private ObjectNode layer(String className, String name, String... from) {
        ObjectNode l = layers.addObject().put("class_name", className).put("name", name);
        l.putObject("config").put("name", name);
        ArrayNode nodes = l.putArray("inbound_nodes");
        if (from.length > 0) {
            ArrayNode call = nodes.addArray();
            for (String f : from) {
                call.addArray().add(f).add(0).add(0).addObject();
            }
        }
        return l;
    }
}
