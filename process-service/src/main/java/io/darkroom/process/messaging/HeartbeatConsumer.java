package io.darkroom.process.messaging;

import io.darkroom.contracts.Json;
import io.darkroom.contracts.WorkerHeartbeat;
import io.darkroom.process.service.WorkerService;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes darkroom.workers.heartbeat (compacted, key workerId; a null value means the worker stopped). Commit
 * strategy throttled; failure strategy ignore: a heartbeat that cannot be stored is logged by the connector and
 * superseded by the worker's next one two seconds later.
 */
@ApplicationScoped
public class HeartbeatConsumer {
    private final WorkerService workers;

    public HeartbeatConsumer(WorkerService workers) {
        this.workers = workers;
    }

    @Incoming(Channels.WORKER_HEARTBEATS)
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            if (record.key() != null) {
                workers.gone(record.key());
            }
            return;
        }
        workers.heartbeat(Json.read(record.value(), WorkerHeartbeat.class));
    }
}
