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
 * @param requestSha256 SHA-256 (64 lower-case hex digits) of the request as ingest accepted it, in canonical form:
 *                      what the submitter's Idempotency-Key stands for, so process-service can tell a repeat of the
 *                      same request from another request under the same key (kept first, conflict recorded). Optional
 *                      within schema 3; null in submissions from before it (such a repeat is taken as the same).
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
        Actor submitter,
        String requestSha256) {

    /** The version this code writes; see {@link Wire} for what each added. */
    public static final int SCHEMA = 3;

    /** A submission without a request hash (as written before it existed; tests and tools that need none). */
    public JobSubmitted(
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
        this(
                schema,
                jobId,
                name,
                priority,
                pool,
                recipe,
                sources,
                destination,
                submittedBy,
                submittedAt,
                jobDate,
                submitter,
                null);
    }

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
