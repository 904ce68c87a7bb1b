package io.darkroom.contracts;

import java.time.Instant;
import java.util.List;

/**
 * Published by ingest-service on {@code darkroom.jobs.submitted}, key = jobId, once every source was probed
 * and the recipe validated. process-service consumes it idempotently by jobId.
 */
public record JobSubmitted(
        int schema,
        String jobId,
        String name,
        int priority,
        String pool,
        Recipe recipe,
        List<ProbedSource> sources,
        SourceRef destination,
        String submittedBy,
        Instant submittedAt) {

    public static final int SCHEMA = 1;

    /** A source with what the probe found. clipName is the file name without extension. */
    public record ProbedSource(String clipName, SourceRef source, MediaInfo media) {
    }
}
