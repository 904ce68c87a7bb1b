package io.darkroom.contracts;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.List;

/**
 * What a render-worker reports about one attempt of one task, on {@code darkroom.tasks.events}, key = jobId.
 * Consumers are idempotent by (taskId, attempt, delivery, type).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = TaskEvent.TaskStarted.class, name = "started"),
    @JsonSubTypes.Type(value = TaskEvent.TaskProgress.class, name = "progress"),
    @JsonSubTypes.Type(value = TaskEvent.TaskDone.class, name = "done"),
    @JsonSubTypes.Type(value = TaskEvent.TaskFailed.class, name = "failed")
})
public sealed interface TaskEvent
        permits TaskEvent.TaskStarted, TaskEvent.TaskProgress, TaskEvent.TaskDone, TaskEvent.TaskFailed {

    String eventId();

    Instant time();

    String jobId();

    String taskId();

    /** Dispatch attempt, from the task message. */
    int attempt();

    /** Share-group delivery count of the record this attempt came from. */
    int delivery();

    String workerId();

    /** The worker acquired the task and started decoding. */
    record TaskStarted(
            String eventId, Instant time, String jobId, String taskId, int attempt, int delivery, String workerId)
            implements TaskEvent {}

    /** Frames encoded so far (sent about once a second). */
    record TaskProgress(
            String eventId,
            Instant time,
            String jobId,
            String taskId,
            int attempt,
            int delivery,
            String workerId,
            long framesDone,
            long framesTotal)
            implements TaskEvent {}

    /** Every output of the attempt is written and closed under its attempt-unique path. */
    record TaskDone(
            String eventId,
            Instant time,
            String jobId,
            String taskId,
            int attempt,
            int delivery,
            String workerId,
            List<SegmentFile> files)
            implements TaskEvent {}

    /** The attempt failed; reason says whether a retry can help, message says what a person can do. */
    record TaskFailed(
            String eventId,
            Instant time,
            String jobId,
            String taskId,
            int attempt,
            int delivery,
            String workerId,
            FailureReason reason,
            String message)
            implements TaskEvent {}

    /**
     * One file an attempt wrote.
     *
     * @param output     recipe output name
     * @param file       where it is
     * @param frames     video frames written (0 for audio)
     * @param durationUs media duration written
     * @param sizeBytes  file size
     * @param upscaledBy what ran the output's upscale op: the ONNX Runtime execution provider
     *                   ({@code CPUExecutionProvider}, {@code CUDAExecutionProvider}) or {@code java} (lanczos);
     *                   null when the output has no upscale op
     */
    record SegmentFile(
            String output, SourceRef file, long frames, long durationUs, long sizeBytes, String upscaledBy) {}
}
