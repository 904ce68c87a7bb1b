package io.darkroom.ingest.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.darkroom.contracts.JobSubmitted;
import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.SourceRef;
import io.darkroom.ingest.service.JobPublishException;
import io.darkroom.ingest.testing.TestConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

/** With no broker listening, a publish fails within its timeout instead of hanging or pretending success. */
class KafkaJobPublisherTest {

    @Test
    void noBrokerMeansJobPublishExceptionWithinTheTimeout() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // free port, closed again: nothing listens there
        }
        Map<String, Object> kafka = Map.of("bootstrap.servers", "127.0.0.1:" + port);
        var config = new TestConfig.Cfg(
                new TestConfig.St(Map.of("out", "/tmp")),
                "http://localhost:8082",
                List.of("cpu"),
                new TestConfig.Tp("darkroom.jobs.submitted", 4, (short) 1),
                new TestConfig.Kf(Duration.ofSeconds(2)));
        JobsTopic topic = new JobsTopic(kafka, config) {
            @Override
            public void ensure() {
                // skip Admin here: this test is about the producer's own bound
            }
        };
        KafkaJobPublisher publisher = new KafkaJobPublisher(kafka, config, topic);
        JobSubmitted job = new JobSubmitted(
                JobSubmitted.SCHEMA,
                "job-1",
                "n",
                50,
                "cpu",
                Recipe.of(List.of()),
                List.of(),
                new SourceRef("out", "job-1"),
                "anonymous",
                Instant.now(),
                null,
                null);
        long start = System.nanoTime();
        try {
            assertThatThrownBy(() -> publisher.publish(job))
                    .isInstanceOf(JobPublishException.class)
                    .hasMessageContaining("job-1");
        } finally {
            publisher.close();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
    }

    @Test
    void producerIsDurableAndBounded() {
        Map<String, Object> p = IngestKafka.producer(
                Map.of("bootstrap.servers", "b:9092", "health.enabled", "true"), Duration.ofSeconds(10));
        assertThat(p)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000)
                .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000)
                .containsEntry("bootstrap.servers", "b:9092")
                .doesNotContainKey("health.enabled");
    }
}
