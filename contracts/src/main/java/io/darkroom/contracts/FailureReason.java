package io.darkroom.contracts;

/** Why a task attempt failed, and whether trying again can help. */
public enum FailureReason {
    /** The source cannot be decoded (corrupt bitstream, truncated file). Permanent. */
    BAD_INPUT(false),
    /** Codec, pixel format or parameter the worker cannot handle. Permanent. */
    UNSUPPORTED(false),
    /** The worker holding the task died or lost its lock. Retryable. */
    WORKER_LOST(true),
    /** The worker ran out of memory. Retryable (elsewhere). */
    OUT_OF_MEMORY(true),
    /** Reading the source or writing the result failed for an I/O reason. Retryable. */
    STORAGE(true),
    /** Anything else unexpected. Retryable up to the attempt limit. */
    INTERNAL(true),
    /**
     * A person cancelled the task's job (a {@link WorkerControl.CancelTasks}): the worker stopped the render or never
     * started it and removed its partial files. Not a fault; never retried.
     */
    CANCELLED(false);

    private final boolean retryable;

    FailureReason(boolean retryable) {
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
