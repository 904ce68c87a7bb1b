package io.darkroom.ingest.domain;

import io.darkroom.contracts.Actor;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Job id derivation, as agreed on the wire: random, or a name-based UUID of the caller and its Idempotency-Key. */
public final class JobIds {
    private JobIds() {}

    public static String random() {
        return UUID.randomUUID().toString();
    }

    /**
     * The job id of an Idempotency-Key, scoped to whoever sends it: the same caller (issuer and subject) with the
     * same key always gets the same job id, so process-service drops a repeated submission; another caller's same key
     * is another job (nobody can pre-claim a guessable key for someone else).
     */
    public static String forIdempotencyKey(Actor submitter, String key) {
        String scope = submitter.issuer() + "\n" + submitter.subject() + "\n" + key;
        return UUID.nameUUIDFromBytes(("darkroom:" + scope).getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}
