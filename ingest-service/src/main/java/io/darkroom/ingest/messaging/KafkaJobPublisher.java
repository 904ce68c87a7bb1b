package io.darkroom.ingest.messaging;

import io.darkroom.contracts.JobSubmitted;
import io.darkroom.contracts.Json;
import io.darkroom.ingest.config.IngestConfig;
import io.darkroom.ingest.service.JobPublishException;
import io.darkroom.ingest.service.JobPublisher;
import io.darkroom.observability.Tracing;
import io.opentelemetry.api.trace.SpanKind;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

/**
 * Publishes {@link JobSubmitted} to {@code darkroom.jobs.submitted}, key = jobId, and waits for the broker's
 * acknowledgement (acks=all) up to {@code darkroom.kafka.send-timeout}.
 */
@ApplicationScoped
public class KafkaJobPublisher implements JobPublisher {
    private static final Logger LOG = Logger.getLogger(KafkaJobPublisher.class);

    private final JobsTopic topic;
    private final Duration timeout;
    private final KafkaProducer<String, String> producer;

    @jakarta.inject.Inject
    Tracing tracing = Tracing.noop();

    public KafkaJobPublisher(
            @Identifier("default-kafka-broker") Map<String, Object> kafka, IngestConfig config, JobsTopic topic) {
        this.topic = topic;
        this.timeout = config.kafka().sendTimeout();
        this.producer = new KafkaProducer<>(IngestKafka.producer(kafka, timeout));
    }

    @Override
    public void publish(JobSubmitted job) {
        try (Tracing.Traced span = tracing.span("submit", SpanKind.PRODUCER, null, job.jobId(), null)) {
            topic.ensure();
            ProducerRecord<String, String> record = new ProducerRecord<>(topic.name(), job.jobId(), Json.write(job));
            tracing.inject(record.headers());
            RecordMetadata meta = producer.send(record).get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            LOG.debugf("job %s written to %s-%d@%d", job.jobId(), meta.topic(), meta.partition(), meta.offset());
        } catch (ExecutionException e) {
            throw new JobPublishException(
                    job.jobId(), "broker did not acknowledge job " + job.jobId() + ": " + e.getCause(), e);
        } catch (TimeoutException e) {
            throw new JobPublishException(
                    job.jobId(),
                    "no acknowledgement for job " + job.jobId() + " within " + timeout.toMillis() + " ms",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobPublishException(job.jobId(), "interrupted while publishing job " + job.jobId(), e);
        } catch (RuntimeException e) {
            throw new JobPublishException(job.jobId(), "cannot publish job " + job.jobId() + ": " + e.getMessage(), e);
        }
    }

    @PreDestroy
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
