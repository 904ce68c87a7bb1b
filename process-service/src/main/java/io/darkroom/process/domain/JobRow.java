package io.darkroom.process.domain;

import io.darkroom.contracts.JobState;
import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.SourceRef;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * A job as stored in the catalog.
 *
 * @param jobDate the job's date fixed at planning (null for jobs stored before it existed: see {@link #date()})
 */
public record JobRow(
        UUID id,
        String name,
        JobState state,
        int priority,
        String pool,
        Recipe recipe,
        SourceRef destination,
        String submittedBy,
        Instant submittedAt,
        Instant updatedAt,
        int promotions,
        String reason,
        LocalDate jobDate) {

    /** A job row without a stored job date. */
    public JobRow(
            UUID id,
            String name,
            JobState state,
            int priority,
            String pool,
            Recipe recipe,
            SourceRef destination,
            String submittedBy,
            Instant submittedAt,
            Instant updatedAt,
            int promotions,
            String reason) {
        this(
                id,
                name,
                state,
                priority,
                pool,
                recipe,
                destination,
                submittedBy,
                submittedAt,
                updatedAt,
                promotions,
                reason,
                null);
    }

    /** The job's date: the stored one, else the UTC date of its submission. */
    public LocalDate date() {
        if (jobDate != null) {
            return jobDate;
        }
        return submittedAt == null ? null : LocalDate.ofInstant(submittedAt, ZoneOffset.UTC);
    }

    /** The same job in another state with another reason. */
    public JobRow with(JobState newState, String newReason) {
        return new JobRow(
                id,
                name,
                newState,
                priority,
                pool,
                recipe,
                destination,
                submittedBy,
                submittedAt,
                updatedAt,
                promotions,
                newReason,
                jobDate);
    }
}
