package io.darkroom.worker.domain;

import io.darkroom.contracts.FailureReason;
import io.darkroom.contracts.RenderTask;
import io.darkroom.contracts.TaskEvent;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** Builds the events of one attempt (one delivery of one task record to this worker). */
public final class TaskEvents {
    private final RenderTask task;
    private final int delivery;
    private final String workerId;
    private final Clock clock;

    public TaskEvents(RenderTask task, int delivery, String workerId, Clock clock) {
        this.task = task;
        this.delivery = delivery;
        this.workerId = workerId;
        this.clock = clock;
    }

    public TaskEvent.TaskStarted started() {
        return new TaskEvent.TaskStarted(
                id(), clock.instant(), task.jobId(), task.taskId(), task.attempt(), delivery, workerId);
    }

    public TaskEvent.TaskProgress progress(long framesDone, long framesTotal) {
        return new TaskEvent.TaskProgress(
                id(),
                clock.instant(),
                task.jobId(),
                task.taskId(),
                task.attempt(),
                delivery,
                workerId,
                framesDone,
                framesTotal);
    }

    public TaskEvent.TaskDone done(List<TaskEvent.SegmentFile> files) {
        return new TaskEvent.TaskDone(
                id(),
                clock.instant(),
                task.jobId(),
                task.taskId(),
                task.attempt(),
                delivery,
                workerId,
                List.copyOf(files));
    }

    public TaskEvent.TaskFailed failed(FailureReason reason, String message) {
        return new TaskEvent.TaskFailed(
                id(),
                clock.instant(),
                task.jobId(),
                task.taskId(),
                task.attempt(),
                delivery,
                workerId,
                reason,
                message);
    }

    /** The event that reports an outcome (done or failed); null for outcomes that are not reported. */
    public TaskEvent report(TaskOutcome outcome) {
        if (outcome instanceof TaskOutcome.Rendered r) {
            return done(r.files());
        }
        if (outcome instanceof TaskOutcome.Failed f) {
            return failed(f.reason(), f.message());
        }
        if (outcome instanceof TaskOutcome.Cancelled c) {
            return failed(FailureReason.CANCELLED, c.why());
        }
        return null;
    }

    /**
     * What ran the upscale of each output that has one, as the done event carries it
     * ({@code SegmentFile.upscaledBy}: CPUExecutionProvider / CUDAExecutionProvider, or java for lanczos):
     * {@code "master=CPUExecutionProvider, proxy=java"}; empty when no output was upscaled.
     */
    public static String upscaledBy(List<TaskEvent.SegmentFile> files) {
        StringBuilder b = new StringBuilder();
        for (TaskEvent.SegmentFile f : files) {
            if (f != null && f.upscaledBy() != null) {
                b.append(b.length() == 0 ? "" : ", ")
                        .append(f.output())
                        .append('=')
                        .append(f.upscaledBy());
            }
        }
        return b.toString();
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }
}
