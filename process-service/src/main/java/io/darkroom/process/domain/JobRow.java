package io.darkroom.process.domain;

import io.darkroom.contracts.JobState;
import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.SourceRef;
import java.time.Instant;
import java.util.UUID;

/** A job as stored in the catalog. */
public record JobRow(UUID id, String name, JobState state, int priority, String pool, Recipe recipe,
        SourceRef destination, String submittedBy, Instant submittedAt, Instant updatedAt, int promotions,
        String reason) {
}
