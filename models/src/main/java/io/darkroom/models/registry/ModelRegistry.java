package io.darkroom.models.registry;

import io.darkroom.contracts.Json;
import io.darkroom.models.registry.ModelRegistryException.Problem;
import java.io.IOException;
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
 * A directory of ONNX models: {@code <name>.onnx} plus {@code <name>.json} ({@link ModelMetadata}) per model. A model
 * is only handed out by {@link #load} when its file still has the SHA-256 recorded at registration.
 */
public final class ModelRegistry {

    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

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
            for (Path json : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
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
                throw new ModelRegistryException(Problem.BAD_METADATA, json + ": metadata must name model '" + name
                        + "' and give its sha256");
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
        Path file = onnxFile(name);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ModelRegistryException(Problem.NOT_FOUND, "model '" + name + "' has metadata but no file " + file,
                    e);
        } catch (IOException e) {
            throw new ModelRegistryException(Problem.IO, "cannot read " + file, e);
        }
        String actual = Sha256.of(bytes);
        if (!actual.equals(m.sha256())) {
            throw new ModelRegistryException(Problem.HASH_MISMATCH, "model '" + name + "' refused: " + file
                    + " has sha256 " + actual + " but its metadata expects " + m.sha256()
                    + " (the file was changed after registration)");
        }
        LOG.debugf("loaded model %s (%s, sha256 %s)", name, file, actual);
        return new VerifiedModel(m, file, bytes);
    }

    /**
     * Copies an ONNX file into the registry under {@code metadata.name()}, recording its SHA-256 (computed here; a
     * hash given in the metadata must agree). Registering the identical file again is a no-op; a different file
     * under a taken name is refused.
     */
    public ModelMetadata register(Path onnx, ModelMetadata metadata) {
        String name = checkName(metadata.name());
        try {
            String hash = Sha256.of(onnx);
            if (metadata.sha256() != null && !metadata.sha256().equalsIgnoreCase(hash)) {
                throw new ModelRegistryException(Problem.HASH_MISMATCH, onnx + " has sha256 " + hash
                        + " but the metadata given for it expects " + metadata.sha256());
            }
            if (Files.exists(metadataFile(name))) {
                ModelMetadata existing = metadata(name);
                if (existing.sha256().equals(hash)) {
                    return existing;
                }
                throw new ModelRegistryException(Problem.ALREADY_EXISTS, "a different model is already registered as '"
                        + name + "' (sha256 " + existing.sha256() + "; this file has " + hash + ")");
            }
            Files.createDirectories(directory);
            Path target = onnxFile(name);
            Path part = directory.resolve(name + ".onnx.part");
            Files.copy(onnx, part, StandardCopyOption.REPLACE_EXISTING);
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            ModelMetadata recorded = metadata.withSha256(hash)
                    .withRegistered(metadata.registered() == null ? Instant.now() : metadata.registered());
            Path jsonPart = directory.resolve(name + ".json.part");
            Files.writeString(jsonPart, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(recorded));
            Files.move(jsonPart, metadataFile(name), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            LOG.infof("registered model %s (scale %d, sha256 %s) in %s", name, recorded.scale(), hash, directory);
            return recorded;
        } catch (IOException e) {
            throw new ModelRegistryException(Problem.IO, "cannot register " + onnx + " as '" + name + "': "
                    + e.getMessage(), e);
        }
    }

    /** Where the ONNX file of a model lives. */
    public Path onnxFile(String name) {
        return directory.resolve(checkName(name) + ".onnx");
    }

    private Path metadataFile(String name) {
        return directory.resolve(name + ".json");
    }

    private static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ModelRegistryException(Problem.INVALID_NAME, "invalid model name '" + name
                    + "': use lower case letters, digits, '.', '_' and '-' (at most 100), starting with a letter or digit");
        }
        return name;
    }
}
