package io.darkroom.models.registry;

import java.time.Instant;
import java.util.Objects;

/**
 * What the registry knows about one model, stored as {@code <name>.json} beside {@code <name>.onnx}.
 *
 * @param name       registry name: lower case letters, digits, '.', '_' and '-', starting with a letter or digit
 * @param version    the model's own version (e.g. the npm package version it came from)
 * @param scale      spatial upscaling factor (output size = scale x input size)
 * @param sha256     lower-case hex SHA-256 of the ONNX file; {@link ModelRegistry#load} refuses a file that differs
 * @param licence    licence of the weights (SPDX id where known)
 * @param source     where the weights came from (package and path, or "bring-your-own: original file name")
 * @param input      the graph input the caller feeds
 * @param output     the graph output the caller reads
 * @param registered when the model was registered
 * @param fp16       the model's float16 variant ({@code <name>.fp16.onnx}, same interface, float32 in and out), or
 *                   null when there is none (bring-your-own ONNX models, and models imported before variants existed)
 */
public record ModelMetadata(
        String name,
        String version,
        int scale,
        String sha256,
        String licence,
        String source,
        TensorSpec input,
        TensorSpec output,
        Instant registered,
        Variant fp16) {

    /** A model without a float16 variant. */
    public ModelMetadata(
            String name,
            String version,
            int scale,
            String sha256,
            String licence,
            String source,
            TensorSpec input,
            TensorSpec output,
            Instant registered) {
        this(name, version, scale, sha256, licence, source, input, output, registered, null);
    }

    public ModelMetadata {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        if (scale < 1) {
            throw new IllegalArgumentException("scale must be at least 1, got " + scale);
        }
    }

    /**
     * One image tensor of a model's interface.
     *
     * @param tensor   graph input/output name
     * @param layout   dimension order, e.g. "NHWC" or "NCHW"
     * @param channels channel order, e.g. "RGB"
     * @param min      value of black (e.g. 0)
     * @param max      value of full scale (e.g. 255 or 1)
     */
    public record TensorSpec(String tensor, String layout, String channels, double min, double max) {
        /** NHWC RGB in 0..255, the convention of the converted TensorFlow.js models. */
        public static TensorSpec nhwc255(String tensor) {
            return new TensorSpec(tensor, "NHWC", "RGB", 0, 255);
        }
    }

    /**
     * Another file of the same model, kept beside it in the registry and checked like it.
     *
     * @param file   file name inside the registry folder (no folder part), e.g. {@code esrgan-slim-x2.fp16.onnx}
     * @param sha256 lower-case hex SHA-256 of that file; {@link ModelRegistry#loadFloat16} refuses a file that differs
     */
    public record Variant(String file, String sha256) {
        public Variant {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(sha256, "sha256");
        }
    }

    public ModelMetadata withSha256(String hash) {
        return new ModelMetadata(name, version, scale, hash, licence, source, input, output, registered, fp16);
    }

    public ModelMetadata withRegistered(Instant when) {
        return new ModelMetadata(name, version, scale, sha256, licence, source, input, output, when, fp16);
    }

    public ModelMetadata withFp16(Variant variant) {
        return new ModelMetadata(name, version, scale, sha256, licence, source, input, output, registered, variant);
    }
}
