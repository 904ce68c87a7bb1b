package io.darkroom.models.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {

    @TempDir
    Path tmp;

    private Path onnxFile(String name, byte... content) throws Exception {
        // the registry does not parse the file; any bytes stand in for a model
        return Files.write(tmp.resolve(name), content);
    }

    private static ModelMetadata metadata(String name) {
        return new ModelMetadata(name, "1.0.0", 2, null, "MIT", "test",
                ModelMetadata.TensorSpec.nhwc255("input"), ModelMetadata.TensorSpec.nhwc255("output"), null);
    }

    @Test
    void registersListsAndLoadsWithTheRecordedHash() throws Exception {
        ModelRegistry registry = new ModelRegistry(tmp.resolve("models"));
        Path file = onnxFile("a.onnx", (byte) 1, (byte) 2, (byte) 3);
        ModelMetadata recorded = registry.register(file, metadata("esrgan-slim-x2"));
        registry.register(onnxFile("b.onnx", (byte) 9), metadata("another-x2"));

        assertThat(recorded.sha256()).isEqualTo(Sha256.of(new byte[] {1, 2, 3}))
                .isEqualTo("039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81");
        assertThat(recorded.registered()).isNotNull();
        assertThat(registry.list()).extracting(ModelMetadata::name).containsExactly("another-x2", "esrgan-slim-x2");
        assertThat(registry.list().get(1)).isEqualTo(recorded);

        VerifiedModel loaded = registry.load("esrgan-slim-x2");
        assertThat(loaded.bytes()).containsExactly(1, 2, 3);
        assertThat(loaded.metadata().input().max()).isEqualTo(255);
        assertThat(loaded.file()).isEqualTo(registry.directory().resolve("esrgan-slim-x2.onnx"));
        // the registry keeps its own copy: changing the original file does not matter
        Files.write(file, new byte[] {7});
        assertThat(registry.load("esrgan-slim-x2").bytes()).containsExactly(1, 2, 3);
    }

    @Test
    void refusesAModelWhoseFileWasChangedNamingBothHashes() throws Exception {
        ModelRegistry registry = new ModelRegistry(tmp.resolve("models"));
        ModelMetadata recorded = registry.register(onnxFile("a.onnx", (byte) 1, (byte) 2, (byte) 3), metadata("m"));
        Path stored = registry.onnxFile("m");
        byte[] bytes = Files.readAllBytes(stored);
        bytes[1] ^= 0x01; // one bit of one byte
        Files.write(stored, bytes);

        assertThatThrownBy(() -> registry.load("m"))
                .isInstanceOf(ModelRegistryException.class)
                .satisfies(e -> assertThat(((ModelRegistryException) e).problem())
                        .isEqualTo(ModelRegistryException.Problem.HASH_MISMATCH))
                .hasMessageContaining(recorded.sha256())
                .hasMessageContaining(Sha256.of(bytes));
    }

    @Test
    void refusesUnknownNamesBadNamesAndADifferentFileUnderATakenName() throws Exception {
        ModelRegistry registry = new ModelRegistry(tmp.resolve("models"));
        registry.register(onnxFile("a.onnx", (byte) 1), metadata("m"));

        assertThat(registry.register(onnxFile("same.onnx", (byte) 1), metadata("m")).sha256())
                .isEqualTo(Sha256.of(new byte[] {1})); // same bytes again: no-op
        assertThatThrownBy(() -> registry.register(onnxFile("other.onnx", (byte) 2), metadata("m")))
                .hasMessageContaining("already registered")
                .satisfies(e -> assertThat(((ModelRegistryException) e).problem())
                        .isEqualTo(ModelRegistryException.Problem.ALREADY_EXISTS));
        assertThatThrownBy(() -> registry.load("missing"))
                .satisfies(e -> assertThat(((ModelRegistryException) e).problem())
                        .isEqualTo(ModelRegistryException.Problem.NOT_FOUND));
        assertThatThrownBy(() -> registry.load("../etc/passwd"))
                .satisfies(e -> assertThat(((ModelRegistryException) e).problem())
                        .isEqualTo(ModelRegistryException.Problem.INVALID_NAME));
        assertThatThrownBy(() -> registry.register(onnxFile("c.onnx", (byte) 3),
                metadata("x").withSha256("00".repeat(32))))
                .hasMessageContaining("00".repeat(32)).hasMessageContaining(Sha256.of(new byte[] {3}));
    }
}
