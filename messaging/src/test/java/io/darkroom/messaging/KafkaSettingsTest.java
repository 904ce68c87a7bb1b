package io.darkroom.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one definition of the services' plain Kafka clients. */
class KafkaSettingsTest {
    static final Map<String, Object> QUARKUS = Map.of(
            "bootstrap.servers", "b:9092",
            "security.protocol", "SASL_SSL",
            "health.enabled", "true",
            "devservices.enabled", "false",
            "snappy.load-from-classpath", "true");

    @Test
    void everyClientKeepsTheSitesClientSettingsAndDropsQuarkusOwnKeys() {
        for (Map<String, Object> c : java.util.List.of(
                KafkaSettings.durableProducer(QUARKUS, "p", new KafkaSettings.ProducerTimeouts(null, null, null)),
                KafkaSettings.admin(QUARKUS, "a", Duration.ofSeconds(1), Duration.ofSeconds(2)),
                KafkaSettings.oneAtATimeShareConsumer(QUARKUS, "g", "s"),
                KafkaSettings.assignedReader(QUARKUS, "r"))) {
            assertThat(c)
                    .containsEntry("bootstrap.servers", "b:9092")
                    .containsEntry("security.protocol", "SASL_SSL")
                    .doesNotContainKeys("health.enabled", "devservices.enabled", "snappy.load-from-classpath");
        }
    }

    @Test
    void aDurableProducerWaitsForEveryReplicaAndIsIdempotent() {
        Map<String, Object> p = KafkaSettings.durableProducer(
                QUARKUS,
                "darkroom-x",
                new KafkaSettings.ProducerTimeouts(
                        Duration.ofSeconds(5), Duration.ofMillis(4500), Duration.ofSeconds(10)));
        assertThat(p)
                .containsEntry("acks", "all")
                .containsEntry("enable.idempotence", true)
                .containsEntry("linger.ms", 0)
                .containsEntry("client.id", "darkroom-x")
                .containsEntry("max.block.ms", 5000)
                .containsEntry("request.timeout.ms", 4500)
                .containsEntry("delivery.timeout.ms", 10000);
        assertThat(KafkaSettings.durableProducer(QUARKUS, "y", new KafkaSettings.ProducerTimeouts(null, null, null)))
                .as("unset timeouts stay Kafka's")
                .doesNotContainKeys("max.block.ms", "request.timeout.ms", "delivery.timeout.ms");
    }

    @Test
    void aShareConsumerTakesOneRecordAtATimeAndTheControlReaderHasNoGroup() {
        assertThat(KafkaSettings.oneAtATimeShareConsumer(QUARKUS, "darkroom-workers-cpu", "w1-slot0"))
                .containsEntry("group.id", "darkroom-workers-cpu")
                .containsEntry("max.poll.records", "1")
                .containsEntry("share.acquire.mode", "record_limit")
                .containsEntry("share.acknowledgement.mode", "explicit");
        assertThat(KafkaSettings.assignedReader(QUARKUS, "w1-control"))
                .doesNotContainKey("group.id")
                .containsEntry("enable.auto.commit", false)
                .containsEntry("auto.offset.reset", "latest");
    }
}
