package io.darkroom.ingest.messaging;

import io.darkroom.messaging.KafkaSettings;
import java.time.Duration;
import java.util.Map;

/**
 * ingest's client ids and timeouts for the shared client settings ({@link KafkaSettings}): a
 * producer gives up within the send timeout, half of it waiting for metadata (broker down), all of it for delivery.
 */
public final class IngestKafka {
    private IngestKafka() {}

    public static Map<String, Object> producer(Map<String, Object> base, Duration sendTimeout) {
        Duration half = Duration.ofMillis(Math.max(1, sendTimeout.toMillis() / 2));
        return KafkaSettings.durableProducer(
                base, "darkroom-ingest", new KafkaSettings.ProducerTimeouts(half, half, sendTimeout));
    }

    public static Map<String, Object> admin(Map<String, Object> base, Duration timeout) {
        return KafkaSettings.admin(base, "darkroom-ingest-admin", timeout, timeout);
    }
}
