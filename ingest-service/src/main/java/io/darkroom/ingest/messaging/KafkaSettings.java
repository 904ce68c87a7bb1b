package io.darkroom.ingest.messaging;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/** Client settings built from Quarkus' {@code kafka.*} properties plus ingest's durability and timeout rules. */
public final class KafkaSettings {
    private KafkaSettings() {}

    /**
     * A producer that never loses an acknowledged job (acks=all, idempotent) and gives up within the send timeout:
     * half of it waiting for metadata (broker down), all of it for delivery.
     */
    public static Map<String, Object> producer(Map<String, Object> base, Duration sendTimeout) {
        Map<String, Object> p = clientOnly(base);
        int half = (int) Math.max(1, sendTimeout.toMillis() / 2);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "darkroom-ingest");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, half);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, half);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) sendTimeout.toMillis());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return p;
    }

    public static Map<String, Object> admin(Map<String, Object> base, Duration timeout) {
        Map<String, Object> a = clientOnly(base);
        a.put(AdminClientConfig.CLIENT_ID_CONFIG, "darkroom-ingest-admin");
        a.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        a.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        return a;
    }

    /** Drops Quarkus-only keys (e.g. {@code health.enabled}) that Kafka clients would warn about. */
    private static Map<String, Object> clientOnly(Map<String, Object> base) {
        Map<String, Object> m = new HashMap<>();
        base.forEach((k, v) -> {
            if (!k.startsWith("health.") && !k.startsWith("devservices.") && !k.startsWith("snappy.")) {
                m.put(k, v);
            }
        });
        return m;
    }
}
