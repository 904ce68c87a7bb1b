package io.darkroom.process.messaging;

import io.darkroom.contracts.Json;
import io.darkroom.contracts.TaskEvent;
import io.darkroom.process.service.TaskEventService;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes darkroom.tasks.events (key jobId, so a job's events arrive in order) a poll at a time (batch mode, at most
 * {@code max.poll.records} records). Commit strategy throttled; handling is idempotent.
 *
 * <p>The events of a poll are applied {@link #CHUNK} per transaction ({@link TaskEventService#applyAll}), each
 * record's events in the order they were polled. Should a chunk fail, its events are applied one at a time
 * instead, each with its own retries, as before batching: the events that can be applied are, and a record that
 * cannot be handled (also one with no value or no readable event) goes to darkroom.tasks.events.dlq alone. The poll
 * is acknowledged once every such record was handed to the dead-letter topic.
 */
@ApplicationScoped
public class TaskEventsConsumer {
    private static final Logger LOG = Logger.getLogger(TaskEventsConsumer.class);

    /**
     * Events applied per transaction at most: bounds how long one transaction holds its job and task row locks and
     * how much is applied again one at a time when a chunk fails.
     */
    static final int CHUNK = 100;

    private final TaskEventService events;

    public TaskEventsConsumer(TaskEventService events) {
        this.events = events;
    }

    /** One record with the event it holds. */
    private record Received(KafkaRecord<String, String> record, TaskEvent event) {}

    @Incoming(Channels.TASK_EVENTS)
    @Blocking
    public CompletionStage<Void> consume(KafkaRecordBatch<String, String> batch) {
        List<CompletableFuture<Void>> deadLetters = new ArrayList<>();
        List<Received> received = new ArrayList<>();
        for (KafkaRecord<String, String> record : batch.getRecords()) {
            try {
                received.add(new Received(record, read(record)));
            } catch (RuntimeException e) {
                deadLetters.add(refuse(record, e));
            }
        }
        for (int from = 0; from < received.size(); from += CHUNK) {
            applyChunk(received.subList(from, Math.min(received.size(), from + CHUNK)), deadLetters);
        }
        return CompletableFuture.allOf(deadLetters.toArray(CompletableFuture[]::new))
                .thenCompose(sent -> batch.ack());
    }

    private static TaskEvent read(KafkaRecord<String, String> record) {
        if (record.getPayload() == null) {
            throw new IllegalArgumentException("empty task event record, key " + record.getKey());
        }
        return Json.read(record.getPayload(), TaskEvent.class);
    }

    private void applyChunk(List<Received> chunk, List<CompletableFuture<Void>> deadLetters) {
        try {
            int changed = events.applyAll(chunk.stream().map(Received::event).toList());
            LOG.debugf("applied %d task events in one transaction, %d changed the catalog", chunk.size(), changed);
            return;
        } catch (RuntimeException e) {
            Received first = chunk.get(0);
            LOG.warnf(
                    "%d task events (the first job %s task %s) could not be applied together, applying them one at"
                            + " a time: %s",
                    chunk.size(), first.event().jobId(), first.event().taskId(), e.getMessage());
        }
        for (Received r : chunk) {
            TaskEvent event = r.event();
            try {
                Retrying.run("job " + event.jobId() + " task " + event.taskId(), () -> events.apply(event));
            } catch (RuntimeException e) {
                deadLetters.add(refuse(r.record(), e));
            }
        }
    }

    /** Hands a record that cannot be handled to the channel's failure strategy: the dead-letter topic. */
    private static CompletableFuture<Void> refuse(KafkaRecord<String, String> record, RuntimeException e) {
        long offset = record.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(IncomingKafkaRecordMetadata::getOffset)
                .orElse(-1L);
        LOG.warnf(
                "job %s: task event at %s-%d offset %d refused, to the dead-letter topic: %s",
                record.getKey(), record.getTopic(), record.getPartition(), offset, e.getMessage());
        return record.nack(e).toCompletableFuture();
    }
}
