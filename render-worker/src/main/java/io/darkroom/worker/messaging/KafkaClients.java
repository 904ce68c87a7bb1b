package io.darkroom.worker.messaging;

import io.darkroom.worker.config.WorkerConfig;
import io.darkroom.worker.service.WorkerIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Builds the plain Kafka clients of the worker, all from {@code kafka.bootstrap.servers}. */
@ApplicationScoped
public class KafkaClients {
    /** Share-consumer settings that make one poll acquire (lock) at most one record: verified on a 4.4 broker. */
    static final Map<String, String> ONE_RECORD_AT_A_TIME = Map.of(
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
            "1",
            "share.acquire.mode",
            "record_limit",
            "share.acknowledgement.mode",
            "explicit");

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

    public Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG,
                identity.workerId() + "-admin",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                "30000",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                "10000"));
    }

    /** acks=all, idempotent: a send the worker awaits is on every in-sync replica. */
    public KafkaProducer<String, String> producer() {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, identity.workerId() + "-events");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    /**
     * The control-topic reader: a plain consumer with no group (the caller assigns every partition), no commits.
     * Every worker must see every command, and a group per worker would leave a stale group behind each worker id.
     */
    public KafkaConsumer<String, String> controlConsumer() {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, identity.workerId() + "-control");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }

    /** One share consumer of the worker's own pool's group, explicit acknowledgement, one record per poll. */
    public KafkaShareConsumer<String, String> shareConsumer(int slot) {
        return shareConsumer(slot, config.worker().pool());
    }

    /** One share consumer of a pool's worker group (own pool or an also-pool), one record per poll. */
    public KafkaShareConsumer<String, String> shareConsumer(int slot, String pool) {
        Map<String, Object> p = new HashMap<>(ONE_RECORD_AT_A_TIME);
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.topics().workerGroup(pool));
        p.put(
                ConsumerConfig.CLIENT_ID_CONFIG,
                identity.workerId() + "-slot" + slot
                        + (pool.equals(config.worker().pool()) ? "" : "-" + pool));
        return new KafkaShareConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }
}
