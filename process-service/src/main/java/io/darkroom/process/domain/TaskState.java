package io.darkroom.process.domain;

import java.util.Set;

/** Lifecycle of a task (one segment of a clip, or its audio) in the catalog. */
public enum TaskState {
    /** In the backlog; dispatched once {@code not_before} has passed and a worker slot of its pool is free. */
    PENDING,
    /** The current attempt's RenderTask was acknowledged by the broker; no worker has reported it yet. */
    PUBLISHED,
    /** A worker reported TaskStarted for the current attempt. */
    RUNNING,
    /** A result was promoted; its files are the task's result and are never replaced. Terminal. */
    DONE,
    /** Failed permanently (bad input, unsupported) or ran out of attempts. Terminal. */
    FAILED,
    /** The job failed or was cancelled before the task finished. Terminal. */
    CANCELLED;

    /** States in which a result or a failure of an attempt still counts. */
    public static final Set<TaskState> OPEN = Set.of(PENDING, PUBLISHED, RUNNING);

    public boolean terminal() {
        return this == DONE || this == FAILED || this == CANCELLED;
    }
}
