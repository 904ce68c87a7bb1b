package io.darkroom.process.domain;

import io.darkroom.contracts.ops.Op;
import java.time.Instant;

/**
 * A model of the trusted catalog (table {@code models}): the hashes an admin registered, which planning copies into
 * the tasks and the workers hold the registry's files to.
 *
 * @param sha256     the model file's SHA-256
 * @param fp16Sha256 its float16 variant's, or null when it has none
 */
public record TrustedModel(String name, String sha256, String fp16Sha256, String registeredBy, Instant registeredAt) {

    /** The hash of the file an upscale op runs: the float16 variant's with precision fp16, else the model's. */
    public String sha256For(Op.Upscale op) {
        return op.precisionOrDefault() == Op.Upscale.Precision.FP16 ? fp16Sha256 : sha256;
    }
}
