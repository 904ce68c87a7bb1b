package io.darkroom.process.messaging;

import io.darkroom.contracts.Json;
import io.darkroom.contracts.TaskEvent;
import io.darkroom.process.service.TaskEventService;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes darkroom.tasks.events (key jobId, so a job's events arrive in order), one at a time. Commit strategy
 * throttled; a record that cannot be handled goes to darkroom.tasks.events.dlq. Handling is idempotent.
 */
@ApplicationScoped
public class TaskEventsConsumer {
    private final TaskEventService events;

    public TaskEventsConsumer(TaskEventService events) {
        this.events = events;
    }

    @Incoming(Channels.TASK_EVENTS)
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            throw new IllegalArgumentException("empty task event record, key " + record.key());
        }
        TaskEvent event = Json.read(record.value(), TaskEvent.class);
        Retrying.run("job " + event.jobId() + " task " + event.taskId(), () -> events.apply(event));
    }
}
