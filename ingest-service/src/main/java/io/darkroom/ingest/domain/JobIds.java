package io.darkroom.ingest.domain;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Job id derivation, as agreed on the wire: random, or a name-based UUID of the Idempotency-Key. */
public final class JobIds {
    private JobIds() {
    }

    public static String random() {
        return UUID.randomUUID().toString();
    }

    /** The same key always gives the same job id, so process-service drops a repeated submission. */
    public static String forIdempotencyKey(String key) {
        return UUID.nameUUIDFromBytes(("darkroom:" + key).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
