package io.darkroom.process.messaging;

import io.darkroom.contracts.Json;
import io.darkroom.contracts.RenderTask;
import io.darkroom.observability.Tracing;
import io.darkroom.process.config.DarkroomConfig;
import io.darkroom.process.ops.JobTraces;
import io.opentelemetry.api.trace.SpanKind;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Future;

/** Publishes render tasks to their pool's topic, and tasks that failed for good to the dead-letter topic. */
@ApplicationScoped
public class TaskPublisher {
    private final KafkaClients kafka;
    private final DarkroomConfig.Topics topics;

    @jakarta.inject.Inject
    Tracing tracing;

    @jakarta.inject.Inject
    JobTraces traces;

    public TaskPublisher(KafkaClients kafka, DarkroomConfig config) {
        this.kafka = kafka;
        this.topics = config.topics();
    }

    /** Sends a RenderTask keyed by taskId and returns once the broker acknowledged it. */
    public void publish(String pool, RenderTask task) {
        await(pool, task, publishLater(pool, task));
    }

    /**
     * Hands a RenderTask keyed by taskId to the producer without waiting, so that a dispatch pass sends its tasks
     * together; {@link #await} each before recording it published.
     */
    public Future<Instant> publishLater(String pool, RenderTask task) {
        try (Tracing.Traced span =
                tracing.span("dispatch", SpanKind.PRODUCER, traces.parent(task.jobId()), task.jobId(), task.taskId())) {
            return kafka.sendLater(
                    topics.tasks(pool),
                    task.taskId(),
                    Json.write(task),
                    tracing.inject(Map.of(
                            "darkroom-job-id", task.jobId(), "darkroom-attempt", Integer.toString(task.attempt()))));
        }
    }

    /**
     * Waits until the broker acknowledged a {@link #publishLater}; returns when the acknowledgement came.
     *
     * @throws SendFailedException when it did not within darkroom.dispatch.send-timeout
     */
    public Instant await(String pool, RenderTask task, Future<Instant> sent) {
        return kafka.await(sent, topics.tasks(pool), task.taskId());
    }

    /** Sends a task that failed for good to the dead-letter topic with the reason in headers. */
    public void deadLetter(String pool, RenderTask task, String reason, String message) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("darkroom-job-id", task.jobId());
        headers.put("darkroom-pool", pool);
        headers.put("darkroom-attempts", Integer.toString(task.attempt()));
        headers.put("darkroom-reason", reason);
        headers.put("darkroom-message", message == null ? "" : message);
        kafka.send(topics.tasksDlq(), task.taskId(), Json.write(task), headers);
    }
}
