package io.darkroom.process.rest;

import io.darkroom.process.ops.KafkaLagMetrics;
import io.darkroom.process.ops.OperationsMetrics;
import io.darkroom.security.Permission;
import io.darkroom.security.http.Requires;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/**
 * What ops watch besides the workers: each pool's queue (queued, running, free slots, oldest queued age, workers up
 * and busy, the share group's lag on its task topic) and the dead-letter topics' depth. The same figures as the
 * metrics, as JSON for the CLI and people without a Prometheus.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class QueueResource {
    private final OperationsMetrics operations;
    private final KafkaLagMetrics kafka;

    public QueueResource(OperationsMetrics operations, KafkaLagMetrics kafka) {
        this.operations = operations;
        this.kafka = kafka;
    }

    /** A pool's queue; {@code shareGroupLag} is as of the last broker read (every {@code darkroom.metrics.kafka-interval}, 15 s), null before the first. */
    public record PoolView(
            String pool,
            long queued,
            long running,
            long freeSlots,
            double oldestQueuedSeconds,
            long workersUp,
            long workersBusy,
            Long shareGroupLag) {}

    @GET
    @Path("pools")
    @Requires(Permission.QUEUE_READ)
    public List<PoolView> pools() {
        operations.refreshPools();
        Map<String, Long> lag = kafka.shareLag();
        return operations.pools().stream()
                .map(p -> new PoolView(
                        p.pool(),
                        p.queued(),
                        p.running(),
                        p.freeSlots(),
                        p.oldestQueuedSeconds(),
                        p.workersUp(),
                        p.workersBusy(),
                        lag.get(p.pool())))
                .toList();
    }

    /** One dead-letter topic and the records in it (as of the last broker read, every 15 s). */
    public record DeadLetters(String topic, long records) {}

    @GET
    @Path("dlq")
    @Requires(Permission.QUEUE_READ)
    public List<DeadLetters> deadLetters() {
        return kafka.dlqDepths().entrySet().stream()
                .map(e -> new DeadLetters(e.getKey(), e.getValue()))
                .toList();
    }
}
