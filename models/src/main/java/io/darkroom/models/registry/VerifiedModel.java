package io.darkroom.models.registry;

import java.nio.file.Path;

/**
 * A model whose bytes matched their recorded SHA-256 when loaded. Create the inference session from
 * {@link #bytes()} (not by re-reading {@link #file()}), so what runs is what was checked.
 */
public final class VerifiedModel {
    private final ModelMetadata metadata;
    private final Path file;
    private final byte[] bytes;

    VerifiedModel(ModelMetadata metadata, Path file, byte[] bytes) {
        this.metadata = metadata;
        this.file = file;
        this.bytes = bytes;
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
}
