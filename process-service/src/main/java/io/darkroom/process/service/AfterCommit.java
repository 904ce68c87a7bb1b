package io.darkroom.process.service;

import io.darkroom.contracts.RenderTask;
import io.darkroom.process.domain.HistoryRow;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What a catalog transaction decided to do outside the database once it committed: job events to publish, clips
 * to assemble, tasks to dead-letter. Filled inside the transaction, run by {@link Effects} after the commit.
 */
public final class AfterCommit {
    final List<HistoryRow> jobEvents = new ArrayList<>();
    final List<UUID> clipsToAssemble = new ArrayList<>();
    final List<DeadLetter> deadLetters = new ArrayList<>();
    final List<UUID> jobsToFinish = new ArrayList<>();
    final List<UUID> previews = new ArrayList<>();

    /** A task that failed for good, for the dead-letter topic. */
    record DeadLetter(String pool, RenderTask task, String reason, String message) {}

    public void jobEvent(HistoryRow row) {
        jobEvents.add(row);
    }

    public void assemble(UUID clipId) {
        clipsToAssemble.add(clipId);
    }

    /** A job whose clips all ended, some DONE: make its artifacts, then conclude it. */
    public void finishJob(UUID jobId) {
        jobsToFinish.add(jobId);
    }

    /** A gated job whose approval preview is to be rendered. */
    public void preview(UUID jobId) {
        previews.add(jobId);
    }

    void deadLetter(String pool, RenderTask task, String reason, String message) {
        deadLetters.add(new DeadLetter(pool, task, reason, message));
    }

    public boolean isEmpty() {
        return jobEvents.isEmpty()
                && clipsToAssemble.isEmpty()
                && deadLetters.isEmpty()
                && jobsToFinish.isEmpty()
                && previews.isEmpty();
    }
}
