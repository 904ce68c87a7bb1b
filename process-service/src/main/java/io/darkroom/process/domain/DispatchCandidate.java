package io.darkroom.process.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * A PENDING task that could be published now.
 *
 * @param taskId      the task
 * @param jobId       its job
 * @param priority    job priority, higher first
 * @param submittedAt job submission time (age: older first)
 * @param inFlight    tasks of the job already PUBLISHED or RUNNING
 * @param rankInJob   1 for the job's next pending task in its own order (clip, kind, segment), 2 for the one after, ...
 */
public record DispatchCandidate(
        UUID taskId, UUID jobId, int priority, Instant submittedAt, int inFlight, int rankInJob) {

    /** The task's turn in the round robin between jobs: how many tasks the job would hold once this one runs. */
    public int turn() {
        return inFlight + rankInJob;
    }
}
