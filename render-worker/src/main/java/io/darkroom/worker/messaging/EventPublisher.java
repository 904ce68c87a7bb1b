package io.darkroom.worker.messaging;

import io.darkroom.contracts.Json;
import io.darkroom.contracts.TaskEvent;
import io.darkroom.contracts.WorkerHeartbeat;
import io.darkroom.observability.Tracing;
import io.darkroom.worker.config.WorkerConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

/**
 * Sends task events (key jobId) and heartbeats (key workerId) with one idempotent acks=all producer, shared by all
 * slots (KafkaProducer is thread-safe). Sends that gate an acknowledgement are awaited; the others are fire and
 * forget with a logged failure.
 */
@ApplicationScoped
public class EventPublisher {
    private static final Logger LOG = Logger.getLogger(EventPublisher.class);

    private final KafkaClients clients;
    private final WorkerConfig config;
    private volatile KafkaProducer<String, String> producer;

    @jakarta.inject.Inject
    Tracing tracing;

    public EventPublisher(KafkaClients clients, WorkerConfig config) {
        this.clients = clients;
        this.config = config;
    }

    /** Sends and waits for the broker's acknowledgement; false (logged) when it did not come within the timeout. */
    public boolean sendAwaited(TaskEvent event, Duration timeout) {
        try {
            RecordMetadata md = send(event).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            LOG.debugf(
                    "job %s task %s: %s event acknowledged at %s-%d@%d",
                    event.jobId(), event.taskId(), type(event), md.topic(), md.partition(), md.offset());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            LOG.errorf(
                    "job %s task %s: %s event not acknowledged by the broker: %s",
                    event.jobId(), event.taskId(), type(event), cause);
            return false;
        }
    }

    /** Sends without waiting (started, progress); a failure is logged. */
    public void sendLater(TaskEvent event) {
        try {
            producer().send(record(event), (md, e) -> {
                if (e != null) {
                    LOG.warnf("job %s task %s: %s event lost: %s", event.jobId(), event.taskId(), type(event), e);
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("job %s task %s: %s event not sent: %s", event.jobId(), event.taskId(), type(event), e);
        }
    }

    /** Sends a heartbeat; returns the future so a final one can be awaited. */
    public Future<RecordMetadata> heartbeat(WorkerHeartbeat hb) {
        return producer()
                .send(
                        new ProducerRecord<>(config.topics().workersHeartbeat(), hb.workerId(), Json.write(hb)),
                        (md, e) -> {
                            if (e != null) {
                                LOG.warnf("heartbeat of %s not sent: %s", hb.workerId(), e);
                            }
                        });
    }

    private Future<RecordMetadata> send(TaskEvent event) {
        return producer().send(record(event));
    }

    private ProducerRecord<String, String> record(TaskEvent event) {
        ProducerRecord<String, String> r =
                new ProducerRecord<>(config.topics().tasksEvents(), event.jobId(), Json.write(event));
        tracing.inject(r.headers());
        return r;
    }

    private KafkaProducer<String, String> producer() {
        KafkaProducer<String, String> p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = clients.producer();
                }
                p = producer;
            }
        }
        return p;
    }

    static String type(TaskEvent e) {
        return e.getClass().getSimpleName();
    }

    @PreDestroy
    void close() {
        KafkaProducer<String, String> p = producer;
        if (p != null) {
            p.close(Duration.ofSeconds(5));
        }
    }
}
