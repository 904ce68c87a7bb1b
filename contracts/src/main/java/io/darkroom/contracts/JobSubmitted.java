package io.darkroom.contracts;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Published by ingest-service on {@code darkroom.jobs.submitted}, key = jobId, once every source was probed
 * and the recipe validated. process-service consumes it idempotently by jobId.
 *
 * @param jobDate the job's calendar date in ingest's time zone, fixed at submit: burn-in field {@code {date}}
 *                ({@code RenderTask.jobDate}); null in submissions from before it existed (use submittedAt's UTC date)
 * @param submitter the authenticated identity that submitted (a person, or a watch folder's service identity);
 *                  {@code submittedBy} is its name. Null only in submissions from before identities existed.
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
        Instant submittedAt,
        LocalDate jobDate,
        Actor submitter) {

    /** The version this code writes; see {@link Wire} for what each added. */
    public static final int SCHEMA = 3;

    /** jobDate, or submittedAt's UTC date for submissions without one; null when neither is known. */
    public LocalDate effectiveJobDate() {
        if (jobDate != null) {
            return jobDate;
        }
        return submittedAt == null ? null : LocalDate.ofInstant(submittedAt, java.time.ZoneOffset.UTC);
    }

    /** A source with what the probe found. clipName is the file name without extension. */
    public record ProbedSource(String clipName, SourceRef source, MediaInfo media) {}
}
