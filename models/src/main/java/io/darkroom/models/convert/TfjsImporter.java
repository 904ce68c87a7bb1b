package io.darkroom.models.convert;

import com.fasterxml.jackson.databind.JsonNode;
import io.darkroom.contracts.Json;
import io.darkroom.models.onnx.OnnxWriter;
import io.darkroom.models.registry.ModelMetadata;
import io.darkroom.models.registry.ModelRegistry;
import io.darkroom.models.tfjs.TfjsModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Converts a TensorFlow.js model folder to ONNX and registers it, with its float16 variant
 * ({@link TfjsToOnnx.Conversion#float16()}, registered as {@code <name>.fp16.onnx} and recorded with its SHA-256 in
 * the model's metadata, see {@link ModelRegistry#registerFloat16}). Name, version and licence come from the npm
 * package.json two folders up (as in {@code package/models/x2}) when there is one. Importing a model registered
 * before float16 variants existed again adds its variant (the float32 file is byte for byte the same).
 */
public final class TfjsImporter {

    private TfjsImporter() {}

    /**
     * @param modelDir folder holding model.json and its shards
     * @param name     registry name, or null for {@code <package>-x<scale>} (e.g. esrgan-slim-x2)
     */
    public static ModelMetadata importInto(ModelRegistry registry, Path modelDir, String name) throws IOException {
        Path dir = modelDir.toAbsolutePath().normalize();
        TfjsModel model = TfjsModel.read(dir);
        PackageInfo pkg = PackageInfo.near(dir);
        String source = pkg.name() == null
                ? "tfjs:" + dir
                : "npm:" + pkg.name() + "@" + pkg.version() + " " + pkg.root().relativize(dir);
        Map<String, String> props = new LinkedHashMap<>();
        props.put("darkroom.source", source);
        props.put("darkroom.licence", pkg.licence());
        props.put("darkroom.input", "NHWC RGB float32 0..255");
        TfjsToOnnx.Conversion conversion = TfjsToOnnx.convert(model, props);
        String modelName = name != null
                ? name
                : (pkg.name() == null
                                        ? dir.getFileName().toString()
                                        : pkg.name().replaceFirst("^@[^/]+/", ""))
                                .toLowerCase(Locale.ROOT)
                        + "-x" + conversion.scale();
        Path tmp = Files.createTempFile("darkroom-import", ".onnx");
        Path tmp16 = Files.createTempFile("darkroom-import", ".fp16.onnx");
        try {
            OnnxWriter.write(conversion.model(), tmp);
            OnnxWriter.write(conversion.float16(), tmp16);
            ModelMetadata metadata = new ModelMetadata(
                    modelName,
                    pkg.version(),
                    conversion.scale(),
                    null,
                    pkg.licence(),
                    source,
                    ModelMetadata.TensorSpec.nhwc255(TfjsToOnnx.INPUT),
                    ModelMetadata.TensorSpec.nhwc255(TfjsToOnnx.OUTPUT),
                    null);
            registry.register(tmp, metadata);
            return registry.registerFloat16(modelName, tmp16);
        } finally {
            Files.deleteIfExists(tmp);
            Files.deleteIfExists(tmp16);
        }
    }

    /** Name, version and licence from the nearest package.json at or above the model folder (up to two levels). */
    record PackageInfo(Path root, String name, String version, String licence) {
        static PackageInfo near(Path dir) throws IOException {
            Path p = dir;
            for (int i = 0; i <= 2 && p != null; i++, p = p.getParent()) {
                Path json = p.resolve("package.json");
                if (Files.isRegularFile(json)) {
                    JsonNode pkg = Json.mapper().readTree(json.toFile());
                    return new PackageInfo(
                            p,
                            pkg.path("name").asText(null),
                            pkg.path("version").asText("unknown"),
                            pkg.path("license").asText("unknown"));
                }
            }
            return new PackageInfo(dir, null, "unknown", "unknown");
        }
    }
}
