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
    /** A task failed permanently or an output failed its checks; reason says which. Terminal. */
    FAILED,
    /** Stopped by a person. Terminal. */
    CANCELLED;

    public boolean terminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
