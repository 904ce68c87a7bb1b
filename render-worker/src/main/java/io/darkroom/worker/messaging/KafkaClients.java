package io.darkroom.worker.messaging;

import io.darkroom.messaging.KafkaSettings;
import io.darkroom.worker.config.WorkerConfig;
import io.darkroom.worker.service.WorkerIdentity;
import io.smallrye.common.annotation.Identifier;
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

/**
 * Builds the plain Kafka clients of the worker from its {@code kafka.*} settings: the broker and whatever else the
 * site sets there, its sign-in first of all ({@code kafka.security.protocol}, {@code kafka.sasl.*}, {@code kafka.ssl.*}).
 */
@ApplicationScoped
public class KafkaClients {
    private final Map<String, Object> kafka;
    private final WorkerConfig config;
    private final WorkerIdentity identity;

    public KafkaClients(
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            WorkerConfig config,
            WorkerIdentity identity) {
        this.kafka = Map.copyOf(kafka);
        this.config = config;
        this.identity = identity;
    }

    public String bootstrapServers() {
        return String.valueOf(kafka.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
    }

    /** The settings every client starts from. */
    private Map<String, Object> base() {
        return kafka;
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
