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
 */
public record ModelMetadata(String name, String version, int scale, String sha256, String licence, String source,
                            TensorSpec input, TensorSpec output, Instant registered) {

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

    public ModelMetadata withSha256(String hash) {
        return new ModelMetadata(name, version, scale, hash, licence, source, input, output, registered);
    }

    public ModelMetadata withRegistered(Instant when) {
        return new ModelMetadata(name, version, scale, sha256, licence, source, input, output, when);
    }
}
