package io.darkroom.ingest.service;

import java.time.Instant;
import java.util.List;

/**
 * One watch folder as listed by {@code GET /watch}: settings, counts and the latest outcomes.
 *
 * @param name            the watch folder's name
 * @param folder          {@code root:path}
 * @param present         whether the folder exists (a missing folder is polled until it appears)
 * @param lastScanAt      when the last scan finished, null before the first
 * @param lastError       what went wrong in the last scan (broker away, folder missing), else null
 * @param pending         clips seen and not yet submitted or rejected (copying, settling, waiting for a recipe)
 * @param submitted       files submitted, as recorded in the ledger (since it began)
 * @param rejected        files rejected, as recorded in the ledger, not yet changed since
 * @param pendingFiles    up to 50 pending clips with what they wait for
 * @param lastSubmissions up to 20 latest submissions, newest first
 * @param lastRejections  up to 20 latest rejections, newest first
 */
public record WatchStatus(
        String name,
        String folder,
        boolean recursive,
        String pattern,
        String stableFor,
        String pollInterval,
        boolean present,
        Instant lastScanAt,
        String lastError,
        int pending,
        int submitted,
        int rejected,
        List<PendingFile> pendingFiles,
        List<Submission> lastSubmissions,
        List<Rejection> lastRejections) {

    public record PendingFile(String file, long size, String waitingFor) {}

    public record Submission(String file, String jobId, Instant at) {}

    public record Rejection(String file, String reason, Instant at) {}
}
