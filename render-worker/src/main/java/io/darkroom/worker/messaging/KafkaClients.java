package io.darkroom.worker.messaging;

import io.darkroom.messaging.KafkaSettings;
import io.darkroom.worker.config.WorkerConfig;
import io.darkroom.worker.service.WorkerIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Builds the plain Kafka clients of the worker, all from {@code kafka.bootstrap.servers}. */
@ApplicationScoped
public class KafkaClients {
    private final String bootstrapServers;
    private final WorkerConfig config;
    private final WorkerIdentity identity;

    public KafkaClients(
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            WorkerConfig config,
            WorkerIdentity identity) {
        this.bootstrapServers = bootstrapServers;
        this.config = config;
        this.identity = identity;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The settings every client starts from: the broker (the worker takes no other kafka.* setting yet). */
    private Map<String, Object> base() {
        return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    }

    public Admin admin() {
        return Admin.create(KafkaSettings.admin(
                base(), identity.workerId() + "-admin", Duration.ofSeconds(10), Duration.ofSeconds(30)));
    }

    /** acks=all, idempotent: a send the worker awaits is on every in-sync replica. */
    public KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(
                KafkaSettings.durableProducer(
                        base(),
                        identity.workerId() + "-events",
                        new KafkaSettings.ProducerTimeouts(Duration.ofSeconds(10), null, Duration.ofSeconds(60))),
                new StringSerializer(),
                new StringSerializer());
    }

    /**
     * The control-topic reader: a plain consumer with no group (the caller assigns every partition), no commits.
     * Every worker must see every command, and a group per worker would leave a stale group behind each worker id.
     */
    public KafkaConsumer<String, String> controlConsumer() {
        return new KafkaConsumer<>(
                KafkaSettings.assignedReader(base(), identity.workerId() + "-control"),
                new StringDeserializer(),
                new StringDeserializer());
    }

    /** One share consumer of the worker's own pool's group, explicit acknowledgement, one record per poll. */
    public KafkaShareConsumer<String, String> shareConsumer(int slot) {
        return shareConsumer(slot, config.worker().pool());
    }

    /** One share consumer of a pool's worker group (own pool or an also-pool), one record per poll. */
    public KafkaShareConsumer<String, String> shareConsumer(int slot, String pool) {
        String clientId = identity.workerId() + "-slot" + slot
                + (pool.equals(config.worker().pool()) ? "" : "-" + pool);
        return new KafkaShareConsumer<>(
                KafkaSettings.oneAtATimeShareConsumer(base(), config.topics().workerGroup(pool), clientId),
                new StringDeserializer(),
                new StringDeserializer());
    }
}
