package io.darkroom.messaging;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The settings of every plain Kafka client a Darkroom service builds (the SmallRye channels configure themselves):
 * durable producers, Admin clients, share consumers that take one record at a time, and the group-less reader of the
 * control topic. Each starts from the service's client settings ({@code kafka.*} without Quarkus' own keys), so a
 * site's security settings reach every client; each service gives its client id and timeouts.
 */
public final class KafkaSettings {
    private KafkaSettings() {}

    /** Share-consumer settings that make one poll acquire (lock) at most one record: verified on a 4.4 broker. */
    public static final Map<String, String> ONE_RECORD_AT_A_TIME = Map.of(
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
            "1",
            "share.acquire.mode",
            "record_limit",
            "share.acknowledgement.mode",
            "explicit");

    /** How long a producer may block for metadata, wait for one request, and try to deliver a record in all. */
    public record ProducerTimeouts(Duration maxBlock, Duration request, Duration delivery) {}

    /** The client settings of Quarkus' {@code kafka.*} map: its own keys (devservices, health, snappy) dropped. */
    public static Map<String, Object> clientOnly(Map<String, ?> kafka) {
        Map<String, Object> m = new HashMap<>();
        kafka.forEach((k, v) -> {
            if (!k.startsWith("devservices") && !k.startsWith("health") && !k.startsWith("snappy")) {
                m.put(k, v);
            }
        });
        return m;
    }

    /**
     * A producer that never loses an acknowledged record: acks=all, idempotent, no linger, String keys and values.
     * A null timeout leaves Kafka's default.
     */
    public static Map<String, Object> durableProducer(Map<String, ?> kafka, String clientId, ProducerTimeouts t) {
        Map<String, Object> p = clientOnly(kafka);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        putMillis(p, ProducerConfig.MAX_BLOCK_MS_CONFIG, t.maxBlock());
        putMillis(p, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, t.request());
        putMillis(p, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, t.delivery());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return p;
    }

    /** An Admin client: one request at most {@code request}, one API call at most {@code api}. */
    public static Map<String, Object> admin(Map<String, ?> kafka, String clientId, Duration request, Duration api) {
        Map<String, Object> a = clientOnly(kafka);
        a.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        putMillis(a, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, request);
        putMillis(a, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, api);
        return a;
    }

    /** A share consumer of {@code group} that acquires one record per poll and acknowledges each explicitly. */
    public static Map<String, Object> oneAtATimeShareConsumer(Map<String, ?> kafka, String group, String clientId) {
        Map<String, Object> c = clientOnly(kafka);
        c.putAll(ONE_RECORD_AT_A_TIME);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        strings(c);
        return c;
    }

    /**
     * A consumer without a group (the caller assigns partitions) that commits nothing and starts at the end: a
     * reader that must see every record from now on, leaving no group behind.
     */
    public static Map<String, Object> assignedReader(Map<String, ?> kafka, String clientId) {
        Map<String, Object> c = clientOnly(kafka);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        strings(c);
        return c;
    }

    private static void strings(Map<String, Object> c) {
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    }

    private static void putMillis(Map<String, Object> m, String key, Duration d) {
        if (d != null) {
            m.put(key, (int) Math.min(Integer.MAX_VALUE, d.toMillis()));
        }
    }
}
