package io.darkroom.worker.domain;

import io.darkroom.contracts.FailureReason;
import io.darkroom.contracts.RenderTask;
import java.util.List;

/**
 * The worker's one rule for no-op tasks ({@link RenderTask.TaskKind#NOOP}, made by bench/dispatch and tests to
 * measure the dispatch path): done at once with no files where {@code darkroom.worker.noop-tasks} is on, failed
 * UNSUPPORTED (permanent: no retry storm) everywhere else, so a production worker never completes work it did not do.
 */
public final class NoopTasks {
    private NoopTasks() {}

    /** The outcome of a no-op task on a worker that runs them ({@code enabled}) or not. */
    public static TaskOutcome run(RenderTask task, boolean enabled) {
        if (enabled) {
            return new TaskOutcome.Rendered(List.of());
        }
        return new TaskOutcome.Failed(
                FailureReason.UNSUPPORTED,
                "job " + task.jobId() + " task " + task.taskId() + " is a no-op task (bench and tests only), and this"
                        + " worker does not run them (darkroom.worker.noop-tasks is off)");
    }
}
