package io.darkroom.models.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.darkroom.provenance.Sha256;
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
        return new ModelMetadata(
                name,
                "1.0.0",
                2,
                null,
                "MIT",
                "test",
                ModelMetadata.TensorSpec.nhwc255("input"),
                ModelMetadata.TensorSpec.nhwc255("output"),
                null);
    }

    @Test
    void registersListsAndLoadsWithTheRecordedHash() throws Exception {
        ModelRegistry registry = new ModelRegistry(tmp.resolve("models"));
        Path file = onnxFile("a.onnx", (byte) 1, (byte) 2, (byte) 3);
        ModelMetadata recorded = registry.register(file, metadata("esrgan-slim-x2"));
        registry.register(onnxFile("b.onnx", (byte) 9), metadata("another-x2"));

        assertThat(recorded.sha256())
                .isEqualTo(Sha256.of(new byte[] {1, 2, 3}))
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

    /**
     * Against a trusted hash (the planner's catalog, carried by the task): the registered file loads; a swapped file
     * whose metadata was rewritten to match is refused naming the model and both hashes; the trusted file with
     * changed metadata beside it is refused as bad metadata.
     */
    @Test
    void loadsAgainstATrustedHashWhateverTheMetadataBesideTheFileSays() throws Exception {
        ModelRegistry registry = new ModelRegistry(tmp.resolve("models"));
        String trusted = registry.register(onnxFile("a.onnx", (byte) 1, (byte) 2, (byte) 3), metadata("m"))
                .sha256();
        assertThat(registry.load("m", trusted, false).bytes()).containsExactly(1, 2, 3);

        byte[] swapped = {6, 6, 6};
        Files.write(registry.onnxFile("m"), swapped);
        Files.writeString(
                registry.directory().resolve("m.json"),
                io.darkroom.contracts.Json.write(registry.metadata("m").withSha256(Sha256.of(swapped))));
        assertThat(registry.load("m").bytes())
                .as("the metadata alone vouches for it")
                .containsExactly(6, 6, 6);
        assertThatThrownBy(() -> registry.load("m", trusted, false))
                .isInstanceOfSatisfying(ModelRegistryException.class, e -> assertThat(e.problem())
                        .isEqualTo(ModelRegistryException.Problem.HASH_MISMATCH))
                .hasMessageContaining("'m'")
                .hasMessageContaining(trusted)
                .hasMessageContaining(Sha256.of(swapped))
                .hasMessageContaining("trusted model catalog");

        Files.write(registry.onnxFile("m"), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> registry.load("m", trusted, false))
                .isInstanceOfSatisfying(ModelRegistryException.class, e -> assertThat(e.problem())
                        .isEqualTo(ModelRegistryException.Problem.BAD_METADATA))
                .hasMessageContaining(trusted);
        assertThatThrownBy(() -> registry.load("m", trusted, true))
                .isInstanceOfSatisfying(ModelRegistryException.class, e -> assertThat(e.problem())
                        .isEqualTo(ModelRegistryException.Problem.NOT_FOUND));
    }

    @Test
    void refusesUnknownNamesBadNamesAndADifferentFileUnderATakenName() throws Exception {
        ModelRegistry registry = new ModelRegistry(tmp.resolve("models"));
        registry.register(onnxFile("a.onnx", (byte) 1), metadata("m"));

        assertThat(registry.register(onnxFile("same.onnx", (byte) 1), metadata("m"))
                        .sha256())
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
        assertThatThrownBy(() -> registry.register(
                        onnxFile("c.onnx", (byte) 3), metadata("x").withSha256("00".repeat(32))))
                .hasMessageContaining("00".repeat(32))
                .hasMessageContaining(Sha256.of(new byte[] {3}));
    }

    @Test
    void recordsAFloat16VariantBesideTheModelAndChecksItsHash() throws Exception {
        ModelRegistry registry = new ModelRegistry(tmp.resolve("models"));
        registry.register(onnxFile("a.onnx", (byte) 1, (byte) 2), metadata("m"));
        ModelMetadata recorded = registry.registerFloat16("m", onnxFile("a16.onnx", (byte) 5));

        assertThat(recorded.fp16()).isEqualTo(new ModelMetadata.Variant("m.fp16.onnx", Sha256.of(new byte[] {5})));
        assertThat(registry.metadata("m")).isEqualTo(recorded);
        assertThat(registry.list()).extracting(ModelMetadata::name).containsExactly("m");
        assertThat(Files.readString(registry.directory().resolve("m.json"))).contains("\"file\" : \"m.fp16.onnx\"");
        VerifiedModel fp32 = registry.load("m");
        assertThat(fp32.isFloat16()).isFalse();
        assertThat(fp32.bytes()).containsExactly(1, 2);
        VerifiedModel fp16 = fp32.float16();
        assertThat(fp16.isFloat16()).isTrue();
        assertThat(fp16.bytes()).containsExactly(5);
        assertThat(fp16.file()).isEqualTo(registry.directory().resolve("m.fp16.onnx"));
        assertThat(fp16.float16()).isSameAs(fp16);
        // again with the same file: a no-op; a different one: refused
        assertThat(registry.registerFloat16("m", onnxFile("again.onnx", (byte) 5)))
                .isEqualTo(recorded);
        assertThatThrownBy(() -> registry.registerFloat16("m", onnxFile("other.onnx", (byte) 6)))
                .satisfies(e -> assertThat(((ModelRegistryException) e).problem())
                        .isEqualTo(ModelRegistryException.Problem.ALREADY_EXISTS));

        Path stored = registry.fp16File("m");
        Files.write(stored, new byte[] {4}); // one bit of the one byte
        assertThatThrownBy(() -> registry.loadFloat16("m"))
                .satisfies(e -> assertThat(((ModelRegistryException) e).problem())
                        .isEqualTo(ModelRegistryException.Problem.HASH_MISMATCH))
                .hasMessageContaining("model 'm (float16 variant)' refused")
                .hasMessageContaining(recorded.fp16().sha256())
                .hasMessageContaining(Sha256.of(new byte[] {4}));
        assertThat(registry.load("m").bytes())
                .as("the float32 file is unaffected")
                .containsExactly(1, 2);
    }

    @Test
    void aModelWithoutVariantSaysSoAndTheVariantSuffixIsReserved() throws Exception {
        ModelRegistry registry = new ModelRegistry(tmp.resolve("models"));
        registry.register(onnxFile("a.onnx", (byte) 1), metadata("byo-x2"));
        assertThat(registry.metadata("byo-x2").fp16()).isNull();
        assertThat(Files.readString(registry.directory().resolve("byo-x2.json")))
                .doesNotContain("fp16");
        assertThatThrownBy(() -> registry.load("byo-x2").float16())
                .satisfies(e -> assertThat(((ModelRegistryException) e).problem())
                        .isEqualTo(ModelRegistryException.Problem.NOT_FOUND))
                .hasMessageContaining("model 'byo-x2' has no float16 variant");
        assertThatThrownBy(() -> registry.register(onnxFile("b.onnx", (byte) 2), metadata("byo-x2.fp16")))
                .satisfies(e -> assertThat(((ModelRegistryException) e).problem())
                        .isEqualTo(ModelRegistryException.Problem.INVALID_NAME))
                .hasMessageContaining("reserved for float16 variants");
        assertThatThrownBy(() -> registry.registerFloat16("missing", onnxFile("c.onnx", (byte) 3)))
                .satisfies(e -> assertThat(((ModelRegistryException) e).problem())
                        .isEqualTo(ModelRegistryException.Problem.NOT_FOUND));
    }

    @Test
    void aVariantFileNameOtherThanTheRegistrysOwnIsRefused() throws Exception {
        ModelRegistry registry = new ModelRegistry(tmp.resolve("models"));
        registry.register(onnxFile("a.onnx", (byte) 1), metadata("m"));
        registry.registerFloat16("m", onnxFile("a16.onnx", (byte) 5));
        Path json = registry.directory().resolve("m.json");
        Files.writeString(json, Files.readString(json).replace("m.fp16.onnx", "../elsewhere.onnx"));
        assertThatThrownBy(() -> registry.loadFloat16("m"))
                .satisfies(e -> assertThat(((ModelRegistryException) e).problem())
                        .isEqualTo(ModelRegistryException.Problem.BAD_METADATA))
                .hasMessageContaining("must be the file m.fp16.onnx");
    }
}
