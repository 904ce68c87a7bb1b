package io.darkroom.models.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads one layer of a Keras functional model config, refusing anything the converter would get wrong. */
final class KerasLayerParser {

    private KerasLayerParser() {}

    static KerasLayer parse(JsonNode layer) {
        String className = text(layer, "class_name", "layer");
        JsonNode config = layer.path("config");
        String name = layer.hasNonNull("name") ? layer.get("name").asText() : text(config, "name", className);
        List<String> inbound = inbound(name, layer.path("inbound_nodes"));
        return switch (className) {
            case "InputLayer" -> input(name, config);
            case "Conv2D" -> conv2d(name, inbound, config);
            case "Activation" ->
                new KerasLayer.Activation(name, one(name, inbound), function(name, text(config, "activation", name)));
            case "Concatenate" ->
                new KerasLayer.Concatenate(
                        name,
                        atLeastTwo(name, inbound),
                        axis(name, config.path("axis").asInt(-1)));
            case "Add" -> new KerasLayer.Add(name, atLeastTwo(name, inbound));
            case "UpSampling2D" -> upSampling(name, inbound, config);
            default ->
                throw new TfjsFormatException("layer '" + name + "': unsupported layer type " + className
                        + " (supported: InputLayer, Conv2D, Activation, Concatenate, Add, UpSampling2D)");
        };
    }

    private static KerasLayer.Input input(String name, JsonNode config) {
        JsonNode shape = config.has("batch_input_shape") ? config.get("batch_input_shape") : config.path("batch_shape");
        if (!shape.isArray() || shape.size() != 4) {
            throw new TfjsFormatException(
                    "input layer '" + name + "': expected an NHWC batch_input_shape of rank 4, got " + shape);
        }
        JsonNode channels = shape.get(3);
        if (!channels.canConvertToInt()) {
            throw new TfjsFormatException("input layer '" + name + "': the channel count must be fixed, got " + shape);
        }
        String dtype = config.path("dtype").asText("float32");
        if (!dtype.equals("float32")) {
            throw new TfjsFormatException("input layer '" + name + "': unsupported dtype " + dtype);
        }
        return new KerasLayer.Input(name, channels.asInt());
    }

    private static KerasLayer.Conv2D conv2d(String name, List<String> inbound, JsonNode c) {
        expect(name, c, "data_format", "channels_last");
        int[] kernel = pair(name, c, "kernel_size");
        int[] strides = c.has("strides") ? pair(name, c, "strides") : new int[] {1, 1};
        int[] dilation = c.has("dilation_rate") ? pair(name, c, "dilation_rate") : new int[] {1, 1};
        if (dilation[0] != 1 || dilation[1] != 1) {
            throw new TfjsFormatException("layer '" + name + "': unsupported dilation_rate " + c.get("dilation_rate"));
        }
        if (c.path("groups").asInt(1) != 1) {
            throw new TfjsFormatException("layer '" + name + "': unsupported groups " + c.get("groups"));
        }
        String padding = c.path("padding").asText("valid");
        KerasLayer.Padding pad =
                switch (padding) {
                    case "same" -> KerasLayer.Padding.SAME;
                    case "valid" -> KerasLayer.Padding.VALID;
                    default ->
                        throw new TfjsFormatException(
                                "layer '" + name + "': unsupported padding '" + padding + "' (supported: same, valid)");
                };
        if (!c.path("filters").canConvertToInt()) {
            throw new TfjsFormatException("layer '" + name + "': missing filters");
        }
        return new KerasLayer.Conv2D(
                name,
                one(name, inbound),
                c.get("filters").asInt(),
                kernel[0],
                kernel[1],
                strides[0],
                strides[1],
                pad,
                function(name, c.path("activation").asText("linear")),
                c.path("use_bias").asBoolean(true));
    }

    private static KerasLayer.UpSampling2D upSampling(String name, List<String> inbound, JsonNode c) {
        expect(name, c, "data_format", "channels_last");
        String interpolation = c.path("interpolation").asText("nearest");
        if (!interpolation.equals("nearest")) {
            throw new TfjsFormatException(
                    "layer '" + name + "': unsupported interpolation '" + interpolation + "' (supported: nearest)");
        }
        int[] size = c.has("size") ? pair(name, c, "size") : new int[] {2, 2};
        if (size[0] < 1 || size[1] < 1) {
            throw new TfjsFormatException("layer '" + name + "': bad upsampling size " + c.get("size"));
        }
        return new KerasLayer.UpSampling2D(name, one(name, inbound), size[0], size[1]);
    }

    static KerasLayer.Function function(String layer, String activation) {
        return switch (activation.toLowerCase(Locale.ROOT)) {
            case "linear" -> KerasLayer.Function.LINEAR;
            case "relu" -> KerasLayer.Function.RELU;
            default ->
                throw new TfjsFormatException(
                        "layer '" + layer + "': unsupported activation '" + activation + "' (supported: linear, relu)");
        };
    }

    /** Normalises a Keras axis of a rank-4 NHWC tensor to 0..3; the batch axis is refused. */
    private static int axis(String name, int axis) {
        int normalised = axis < 0 ? axis + 4 : axis;
        if (normalised < 1 || normalised > 3) {
            throw new TfjsFormatException("layer '" + name + "': unsupported concatenation axis " + axis);
        }
        return normalised;
    }

    /**
     * The producing layers of a layer's single call. Keras 2 writes {@code [[["name", 0, 0, {}], ...]]}; Keras 3
     * writes {@code [{"args": [{"config": {"keras_history": ["name", 0, 0]}}, ...]}]}.
     */
    private static List<String> inbound(String name, JsonNode nodes) {
        List<String> names = new ArrayList<>();
        if (nodes.isMissingNode() || nodes.isNull() || nodes.isEmpty()) {
            return names;
        }
        if (nodes.size() != 1) {
            throw new TfjsFormatException(
                    "layer '" + name + "' is called " + nodes.size() + " times (shared layers are not supported)");
        }
        JsonNode node = nodes.get(0);
        if (node.isArray()) {
            for (JsonNode ref : node) {
                names.add(ref.get(0).asText());
                if (ref.path(2).asInt(0) != 0) {
                    throw new TfjsFormatException(
                            "layer '" + name + "': multi-output inbound tensors are not supported");
                }
            }
        } else {
            collectKerasHistory(node.path("args"), names);
        }
        if (names.isEmpty()) {
            throw new TfjsFormatException("layer '" + name + "': cannot read inbound_nodes " + nodes);
        }
        return names;
    }

    private static void collectKerasHistory(JsonNode args, List<String> names) {
        if (args.isArray()) {
            args.forEach(a -> collectKerasHistory(a, names));
        } else if (args.isObject()) {
            JsonNode history = args.path("config").path("keras_history");
            if (history.isArray()) {
                names.add(history.get(0).asText());
            }
        }
    }

    private static List<String> one(String name, List<String> inbound) {
        if (inbound.size() != 1) {
            throw new TfjsFormatException("layer '" + name + "': expected one input, got " + inbound);
        }
        return inbound;
    }

    private static List<String> atLeastTwo(String name, List<String> inbound) {
        if (inbound.size() < 2) {
            throw new TfjsFormatException("layer '" + name + "': expected two or more inputs, got " + inbound);
        }
        return inbound;
    }

    private static int[] pair(String name, JsonNode c, String field) {
        JsonNode v = c.path(field);
        if (v.canConvertToInt()) {
            return new int[] {v.asInt(), v.asInt()};
        }
        if (!v.isArray() || v.size() != 2) {
            throw new TfjsFormatException("layer '" + name + "': " + field + " must be two integers, got " + v);
        }
        return new int[] {v.get(0).asInt(), v.get(1).asInt()};
    }

    private static void expect(String name, JsonNode c, String field, String value) {
        if (c.has(field) && !c.get(field).isNull() && !c.get(field).asText().equals(value)) {
            throw new TfjsFormatException("layer '" + name + "': unsupported " + field + " '"
                    + c.get(field).asText() + "' (supported: " + value + ")");
        }
    }

    private static String text(JsonNode node, String field, String what) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new TfjsFormatException(what + ": missing " + field);
        }
        return v.asText();
    }
}
