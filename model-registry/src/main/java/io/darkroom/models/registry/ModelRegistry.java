package io.darkroom.models.registry;

import io.darkroom.contracts.Json;
import io.darkroom.models.registry.ModelRegistryException.Problem;
import io.darkroom.provenance.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * A directory of ONNX models: {@code <name>.onnx} plus {@code <name>.json} ({@link ModelMetadata}) per model, and for
 * models that have one a float16 variant {@code <name>.fp16.onnx} whose file name and SHA-256 the same metadata
 * records ({@link ModelMetadata#fp16()}). A model file is only handed out by {@link #load} / {@link #loadFloat16}
 * when it still has the SHA-256 recorded at registration. Names ending in {@value #FP16_SUFFIX} are reserved for the
 * variants' files.
 */
public final class ModelRegistry {

    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");
    /** {@code <name>.fp16.onnx} holds the float16 variant of {@code <name>}. */
    public static final String FP16_SUFFIX = ".fp16";

    private final Path directory;

    public ModelRegistry(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    public Path directory() {
        return directory;
    }

    /** All registered models, by name. Metadata is read, files are not hashed (that is {@link #load}'s job). */
    public List<ModelMetadata> list() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<ModelMetadata> models = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path json : files.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .toList()) {
                String name = json.getFileName().toString().replaceFirst("\\.json$", "");
                if (NAME.matcher(name).matches()) {
                    models.add(metadata(name));
                }
            }
        } catch (IOException e) {
            throw new ModelRegistryException(Problem.IO, "cannot list model registry " + directory, e);
        }
        models.sort(Comparator.comparing(ModelMetadata::name));
        return models;
    }

    /** The recorded metadata of one model, without checking its file. */
    public ModelMetadata metadata(String name) {
        Path json = metadataFile(checkName(name));
        try {
            ModelMetadata m = Json.read(Files.readString(json), ModelMetadata.class);
            if (m.sha256() == null || !m.name().equals(name)) {
                throw new ModelRegistryException(
                        Problem.BAD_METADATA, json + ": metadata must name model '" + name + "' and give its sha256");
            }
            return m;
        } catch (NoSuchFileException e) {
            throw new ModelRegistryException(Problem.NOT_FOUND, "no model '" + name + "' in registry " + directory, e);
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelRegistryException(Problem.BAD_METADATA, "cannot read " + json + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a model and checks its SHA-256 against its metadata.
     *
     * @throws ModelRegistryException NOT_FOUND, or HASH_MISMATCH naming the expected and the actual hash
     */
    public VerifiedModel load(String name) {
        ModelMetadata m = metadata(name);
        return new VerifiedModel(m, onnxFile(name), verified(name, onnxFile(name), m.sha256()), false, this);
    }

    /**
     * Reads a model and checks its SHA-256 against {@code trusted}, a hash recorded where the registry folder's
     * writers cannot change it (process-service's model catalog, carried by the render task), and against its
     * metadata: metadata rewritten to match a swapped file does not make that file run.
     *
     * @param trusted lower-case hex SHA-256 the file must have (its float16 variant's when {@code float16})
     * @throws ModelRegistryException NOT_FOUND, or HASH_MISMATCH naming the model, the trusted and the actual hash
     */
    public VerifiedModel load(String name, String trusted, boolean float16) {
        VerifiedModel vm;
        try {
            vm = float16 ? loadFloat16(name) : load(name);
        } catch (ModelRegistryException e) {
            if (e.problem() != Problem.HASH_MISMATCH) {
                throw e;
            }
            vm = null;
        }
        Path file = float16 ? fp16File(name) : onnxFile(name);
        String actual = vm != null ? Sha256.of(vm.bytes()) : hashOf(file);
        if (!actual.equals(trusted)) {
            throw new ModelRegistryException(
                    Problem.HASH_MISMATCH,
                    "model '" + name + (float16 ? "' (float16 variant)" : "'") + " refused: " + file.getFileName()
                            + " has sha256 " + actual + " but the trusted model catalog records " + trusted
                            + " (the file was replaced after registration; register the new file with POST /models"
                            + " under another name, or restore the registered one)");
        }
        if (vm == null) {
            // the file is the trusted one; only its metadata beside it was changed
            throw new ModelRegistryException(
                    Problem.BAD_METADATA,
                    "model '" + name + "': its file has the trusted sha256 " + trusted + " but "
                            + metadataFile(name).getFileName() + " records another (restore the metadata)");
        }
        return vm;
    }

    private static String hashOf(Path file) {
        try {
            return Sha256.of(file);
        } catch (UncheckedIOException e) {
            throw new ModelRegistryException(Problem.IO, "cannot read " + file, e);
        }
    }

    /**
     * Reads a model's float16 variant and checks its SHA-256 against the one its metadata records.
     *
     * @throws ModelRegistryException NOT_FOUND (also when the model has no float16 variant: bring-your-own ONNX
     *                                models never have one), BAD_METADATA, or HASH_MISMATCH naming both hashes
     */
    public VerifiedModel loadFloat16(String name) {
        ModelMetadata m = metadata(name);
        if (m.fp16() == null) {
            throw new ModelRegistryException(
                    Problem.NOT_FOUND,
                    "model '" + name + "' has no float16 variant in "
                            + "registry " + directory
                            + " (only models converted from TensorFlow.js get one, at import; "
                            + "re-import a converted model to add it; a bring-your-own ONNX model runs in fp32 only)");
        }
        String file = m.fp16().file();
        if (!file.equals(name + FP16_SUFFIX + ".onnx")) {
            throw new ModelRegistryException(
                    Problem.BAD_METADATA,
                    metadataFile(name) + ": the float16 variant of '" + name + "' must be the file " + name
                            + FP16_SUFFIX + ".onnx, not '" + file + "'");
        }
        Path path = fp16File(name);
        return new VerifiedModel(
                m, path, verified(name + " (float16 variant)", path, m.fp16().sha256()), true, this);
    }

    /** The bytes of {@code file} when their SHA-256 is {@code expected}, else HASH_MISMATCH. */
    private static byte[] verified(String what, Path file, String expected) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ModelRegistryException(
                    Problem.NOT_FOUND, "model '" + what + "' has metadata but no file " + file, e);
        } catch (IOException e) {
            throw new ModelRegistryException(Problem.IO, "cannot read " + file, e);
        }
        String actual = Sha256.of(bytes);
        if (!actual.equals(expected)) {
            throw new ModelRegistryException(
                    Problem.HASH_MISMATCH,
                    "model '" + what + "' refused: " + file
                            + " has sha256 " + actual + " but its metadata expects " + expected
                            + " (the file was changed after registration)");
        }
        LOG.debugf("loaded model %s (%s, sha256 %s)", what, file, actual);
        return bytes;
    }

    /**
     * Copies an ONNX file into the registry under {@code metadata.name()}, recording its SHA-256 (computed here; a
     * hash given in the metadata must agree). Registering the identical file again is a no-op; a different file
     * under a taken name is refused.
     */
    public ModelMetadata register(Path onnx, ModelMetadata metadata) {
        String name = checkName(metadata.name());
        if (name.endsWith(FP16_SUFFIX)) {
            throw new ModelRegistryException(
                    Problem.INVALID_NAME,
                    "invalid model name '" + name + "': names ending in "
                            + FP16_SUFFIX + " are reserved for float16 variants (" + name
                            + ".onnx would be the variant of '"
                            + name.substring(0, name.length() - FP16_SUFFIX.length()) + "')");
        }
        if (metadata.fp16() != null) {
            throw new IllegalArgumentException("model '" + name + "': register the float16 variant with "
                    + "registerFloat16, after the model itself");
        }
        try {
            String hash = Sha256.of(onnx);
            if (metadata.sha256() != null && !metadata.sha256().equalsIgnoreCase(hash)) {
                throw new ModelRegistryException(
                        Problem.HASH_MISMATCH,
                        onnx + " has sha256 " + hash + " but the metadata given for it expects " + metadata.sha256());
            }
            if (Files.exists(metadataFile(name))) {
                ModelMetadata existing = metadata(name);
                if (existing.sha256().equals(hash)) {
                    return existing;
                }
                throw new ModelRegistryException(
                        Problem.ALREADY_EXISTS,
                        "a different model is already registered as '" + name + "' (sha256 " + existing.sha256()
                                + "; this file has " + hash + ")");
            }
            Files.createDirectories(directory);
            Path target = onnxFile(name);
            Path part = directory.resolve(name + ".onnx.part");
            Files.copy(onnx, part, StandardCopyOption.REPLACE_EXISTING);
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            ModelMetadata recorded = metadata.withSha256(hash)
                    .withRegistered(metadata.registered() == null ? Instant.now() : metadata.registered());
            writeMetadata(recorded);
            LOG.infof("registered model %s (scale %d, sha256 %s) in %s", name, recorded.scale(), hash, directory);
            return recorded;
        } catch (IOException | UncheckedIOException e) {
            throw new ModelRegistryException(
                    Problem.IO, "cannot register " + onnx + " as '" + name + "': " + e.getMessage(), e);
        }
    }

    /**
     * Adds the float16 variant of a registered model: copies {@code onnx} to {@code <name>.fp16.onnx} and records
     * its file name and SHA-256 in the model's metadata. The same file again is a no-op; a different one when the
     * model already has a variant is refused (ALREADY_EXISTS). The caller vouches that the file is the same model
     * in float16 with the same interface (see {@code TfjsImporter}).
     */
    public ModelMetadata registerFloat16(String name, Path onnx) {
        ModelMetadata existing = metadata(name);
        try {
            String hash = Sha256.of(onnx);
            if (existing.fp16() != null) {
                if (existing.fp16().sha256().equals(hash)) {
                    return existing;
                }
                throw new ModelRegistryException(
                        Problem.ALREADY_EXISTS,
                        "model '" + name + "' already has a different " + "float16 variant (sha256 "
                                + existing.fp16().sha256() + "; this file has " + hash + ")");
            }
            Path target = fp16File(name);
            Path part = directory.resolve(target.getFileName() + ".part");
            Files.copy(onnx, part, StandardCopyOption.REPLACE_EXISTING);
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            ModelMetadata recorded = existing.withFp16(
                    new ModelMetadata.Variant(target.getFileName().toString(), hash));
            writeMetadata(recorded);
            LOG.infof(
                    "registered the float16 variant of model %s (%s, sha256 %s) in %s",
                    name, target.getFileName(), hash, directory);
            return recorded;
        } catch (IOException | UncheckedIOException e) {
            throw new ModelRegistryException(
                    Problem.IO,
                    "cannot register " + onnx + " as the float16 variant of '" + name + "': " + e.getMessage(),
                    e);
        }
    }

    private void writeMetadata(ModelMetadata m) throws IOException {
        Path jsonPart = directory.resolve(m.name() + ".json.part");
        Files.writeString(
                jsonPart, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(m));
        Files.move(
                jsonPart, metadataFile(m.name()), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Where the ONNX file of a model lives. */
    public Path onnxFile(String name) {
        return directory.resolve(checkName(name) + ".onnx");
    }

    /** Where the float16 variant of a model lives (whether or not it has one). */
    public Path fp16File(String name) {
        return directory.resolve(checkName(name) + FP16_SUFFIX + ".onnx");
    }

    private Path metadataFile(String name) {
        return directory.resolve(name + ".json");
    }

    private static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ModelRegistryException(
                    Problem.INVALID_NAME,
                    "invalid model name '" + name
                            + "': use lower case letters, digits, '.', '_' and '-' (at most 100), starting with a letter or digit");
        }
        return name;
    }
}
