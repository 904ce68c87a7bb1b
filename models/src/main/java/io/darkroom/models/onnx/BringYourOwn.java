package io.darkroom.models.onnx;

import io.darkroom.models.registry.ModelMetadata;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The metadata of a bring-your-own ONNX upscale model, read from the file and the registrant's options: one input
 * and one output (or the ones named), their layout (guessed from the input's shape unless given), the value range
 * (default 0..1), version, licence and source. One rule for {@code ./darkroom models register} and process-service's
 * {@code POST /models}. Bad input: IllegalArgumentException naming the problem.
 */
public final class BringYourOwn {
    private BringYourOwn() {}

    /** The metadata to register, and a line describing what was read. */
    public record Described(ModelMetadata metadata, String summary) {}

    /**
     * @param options optional {@code input}, {@code output}, {@code layout} (NCHW|NHWC), {@code range} (e.g.
     *     0..255), {@code version}, {@code licence}, {@code source}
     */
    public static Described describe(
            byte[] onnx, String fileName, String name, String scaleText, Map<String, String> options) {
        int scale;
        try {
            scale = Integer.parseInt(scaleText == null ? "" : scaleText.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("scale must be a whole number (2, 3, 4), was '" + scaleText + "'");
        }
        if (scale < 1 || scale > 8) {
            throw new IllegalArgumentException("scale must be 1..8, was " + scale);
        }
        OnnxInspector.Signature signature;
        try {
            signature = OnnxInspector.inspect(onnx);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(fileName + " is not an ONNX model: " + e.getMessage(), e);
        }
        OnnxInspector.TensorInfo input = tensor(signature.inputs(), options.get("input"), "input", fileName);
        OnnxInspector.TensorInfo output = tensor(signature.outputs(), options.get("output"), "output", fileName);
        String layout = options.getOrDefault("layout", input.guessLayout());
        if (!layout.equals("NCHW") && !layout.equals("NHWC")) {
            throw new IllegalArgumentException("cannot tell the layout of input '" + input.name() + "' "
                    + Arrays.toString(input.dims()) + ": give layout NCHW or NHWC");
        }
        String[] range = options.getOrDefault("range", "0..1").split("\\.\\.");
        double min;
        double max;
        try {
            if (range.length != 2) {
                throw new NumberFormatException();
            }
            min = Double.parseDouble(range[0]);
            max = Double.parseDouble(range[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "range must look like 0..1 or 0..255, was '" + options.get("range") + "'");
        }
        ModelMetadata m = new ModelMetadata(
                name,
                options.getOrDefault("version", "unknown"),
                scale,
                null,
                options.getOrDefault("licence", "unknown"),
                options.getOrDefault("source", "bring-your-own: " + fileName),
                new ModelMetadata.TensorSpec(input.name(), layout, "RGB", min, max),
                new ModelMetadata.TensorSpec(output.name(), layout, "RGB", min, max),
                null);
        String summary = "input: " + input.name() + " " + layout + " RGB " + range[0] + ".." + range[1]
                + ", output: " + output.name() + ", ONNX IR " + signature.irVersion() + ", opset "
                + signature.opsetVersion();
        return new Described(m, summary);
    }

    private static OnnxInspector.TensorInfo tensor(
            List<OnnxInspector.TensorInfo> tensors, String wanted, String what, String fileName) {
        if (wanted != null) {
            return tensors.stream()
                    .filter(t -> t.name().equals(wanted))
                    .findFirst()
                    .orElseThrow(() ->
                            new IllegalArgumentException(fileName + " has no " + what + " '" + wanted + "' (it has "
                                    + tensors.stream()
                                            .map(OnnxInspector.TensorInfo::name)
                                            .toList() + ")"));
        }
        if (tensors.size() != 1) {
            throw new IllegalArgumentException(fileName + " has " + tensors.size() + " " + what + "s "
                    + tensors.stream().map(OnnxInspector.TensorInfo::name).toList() + ": name one with " + what);
        }
        return tensors.get(0);
    }
}
