package io.darkroom.contracts;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.List;

/**
 * Commands from process-service to render-workers on {@code darkroom.workers.control} (key: jobId for
 * {@link CancelTasks}, workerId for {@link Drain} / {@link Undrain}). Every worker reads every record (no consumer
 * group); a worker ignores Drain/Undrain naming another worker. Consumers dedup by eventId where it matters; every
 * command is idempotent anyway.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = WorkerControl.CancelTasks.class, name = "cancel-tasks"),
    @JsonSubTypes.Type(value = WorkerControl.Drain.class, name = "drain"),
    @JsonSubTypes.Type(value = WorkerControl.Undrain.class, name = "undrain")
})
public sealed interface WorkerControl permits WorkerControl.CancelTasks, WorkerControl.Drain, WorkerControl.Undrain {

    String eventId();

    Instant time();

    /**
     * Stop these tasks of a job wherever they run and never start them: a worker cancels matching running renders
     * (their partial files are removed) and skips matching records it receives later.
     *
     * @param taskIds the tasks; empty means every task of the job
     * @param reason  why, for logs and the failed events (e.g. "cancelled by alice: wrong LUT")
     */
    record CancelTasks(String eventId, Instant time, String jobId, List<String> taskIds, String reason)
            implements WorkerControl {}

    /** The named worker finishes what it holds and takes no new task until {@link Undrain}. */
    record Drain(String eventId, Instant time, String workerId) implements WorkerControl {}

    /** The named worker takes work again. */
    record Undrain(String eventId, Instant time, String workerId) implements WorkerControl {}
}
