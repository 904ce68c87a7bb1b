package io.darkroom.process.domain;

/** Lifecycle of a clip (one source of a job). */
public enum ClipState {
    /** Its tasks exist; some are not done yet. */
    PLANNED,
    /** Every task is DONE; outputs are being assembled and verified. */
    ASSEMBLING,
    /** Every output exists and passed QC. Terminal. */
    DONE,
    /** A task failed for good or an output failed QC; reason says which. Terminal. */
    FAILED,
    /** The job failed or was cancelled before this clip finished. Terminal. */
    CANCELLED;

    public boolean terminal() {
        return this == DONE || this == FAILED || this == CANCELLED;
    }
}
