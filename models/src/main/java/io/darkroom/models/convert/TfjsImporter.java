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
 * Converts a TensorFlow.js model folder to ONNX and registers it. Name, version and licence come from the npm
 * package.json two folders up (as in {@code package/models/x2}) when there is one.
 */
public final class TfjsImporter {

    private TfjsImporter() {
    }

    /**
     * @param modelDir folder holding model.json and its shards
     * @param name     registry name, or null for {@code <package>-x<scale>} (e.g. esrgan-slim-x2)
     */
    public static ModelMetadata importInto(ModelRegistry registry, Path modelDir, String name) throws IOException {
        Path dir = modelDir.toAbsolutePath().normalize();
        TfjsModel model = TfjsModel.read(dir);
        PackageInfo pkg = PackageInfo.near(dir);
        String source = pkg.name() == null ? "tfjs:" + dir
                : "npm:" + pkg.name() + "@" + pkg.version() + " " + pkg.root().relativize(dir);
        Map<String, String> props = new LinkedHashMap<>();
        props.put("darkroom.source", source);
        props.put("darkroom.licence", pkg.licence());
        props.put("darkroom.input", "NHWC RGB float32 0..255");
        TfjsToOnnx.Conversion conversion = TfjsToOnnx.convert(model, props);
        String modelName = name != null ? name
                : (pkg.name() == null ? dir.getFileName().toString() : pkg.name().replaceFirst("^@[^/]+/", ""))
                .toLowerCase(Locale.ROOT) + "-x" + conversion.scale();
        Path tmp = Files.createTempFile("darkroom-import", ".onnx");
        try {
            OnnxWriter.write(conversion.model(), tmp);
            ModelMetadata metadata = new ModelMetadata(modelName, pkg.version(), conversion.scale(), null,
                    pkg.licence(), source, ModelMetadata.TensorSpec.nhwc255(TfjsToOnnx.INPUT),
                    ModelMetadata.TensorSpec.nhwc255(TfjsToOnnx.OUTPUT), null);
            return registry.register(tmp, metadata);
        } finally {
            Files.deleteIfExists(tmp);
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
                    return new PackageInfo(p, pkg.path("name").asText(null), pkg.path("version").asText("unknown"),
                            pkg.path("license").asText("unknown"));
                }
            }
            return new PackageInfo(dir, null, "unknown", "unknown");
        }
    }
}
