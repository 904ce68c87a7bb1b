package io.darkroom.contracts;

/** Job lifecycle. Every transition is an event on {@code darkroom.jobs.events} and a row of job history. */
public enum JobState {
    /** Accepted by ingest, stored by process-service, not yet cut into tasks. */
    SUBMITTED,
    /** Tasks exist; none has started. */
    PLANNED,
    /** Waiting for a person to approve AI output (reserved for approval-gated recipes). */
    AWAITING_APPROVAL,
    /** At least one task was dispatched. */
    RUNNING,
    /** Held by a person; no new task is dispatched. */
    PAUSED,
    /** Every render task is done; segments are being joined and checked. */
    ASSEMBLING,
    /** Every output exists and passed its checks. Terminal. */
    SUCCEEDED,
    /**
     * Every clip failed (a task failed permanently, retries ran out, or an output failed its checks); reason says
     * which. Terminal.
     */
    FAILED,
    /** Stopped by a person. Terminal. */
    CANCELLED,
    /**
     * Some clips succeeded (their outputs exist and passed their checks, the job's poster / contact sheet / ALE list
     * them) and some failed; reason says {@code "2 of 5 clips failed: ..."}, the job's clips say which. Added after
     * the others: consumers that only know SUCCEEDED / FAILED should treat it as "done, with failures". Terminal.
     */
    PARTIAL;

    public boolean terminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED || this == PARTIAL;
    }
}
