package io.darkroom.models.registry;

import java.nio.file.Path;

/**
 * A model whose bytes matched their recorded SHA-256 when loaded: the model's float32 file ({@link ModelRegistry#load})
 * or its float16 variant ({@link ModelRegistry#loadFloat16}; {@link #isFloat16()}). Create the inference session from
 * {@link #bytes()} (not by re-reading {@link #file()}), so what runs is what was checked.
 */
public final class VerifiedModel {
    private final ModelMetadata metadata;
    private final Path file;
    private final byte[] bytes;
    private final boolean float16;
    private final ModelRegistry registry;

    VerifiedModel(ModelMetadata metadata, Path file, byte[] bytes, boolean float16, ModelRegistry registry) {
        this.metadata = metadata;
        this.file = file;
        this.bytes = bytes;
        this.float16 = float16;
        this.registry = registry;
    }

    public ModelMetadata metadata() {
        return metadata;
    }

    public Path file() {
        return file;
    }

    /** The verified ONNX bytes (not copied: do not modify). */
    public byte[] bytes() {
        return bytes;
    }

    /** Whether these are the bytes of the model's float16 variant. */
    public boolean isFloat16() {
        return float16;
    }

    /**
     * The float16 variant of this model, read from the registry and hash-checked now ({@code this} when it already
     * is the variant).
     *
     * @throws ModelRegistryException NOT_FOUND when the model has none, HASH_MISMATCH when its file was changed
     */
    public VerifiedModel float16() {
        return float16 ? this : registry.loadFloat16(metadata.name());
    }
}
