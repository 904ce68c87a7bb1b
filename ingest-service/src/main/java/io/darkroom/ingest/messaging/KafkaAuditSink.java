package io.darkroom.ingest.messaging;

import io.darkroom.contracts.Json;
import io.darkroom.contracts.Topics;
import io.darkroom.ingest.config.IngestConfig;
import io.darkroom.security.http.AuditEntry;
import io.darkroom.security.http.AuditSink;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/**
 * ingest-service has no catalog: its audit rows (submissions, refused submissions) go to {@value Topics#AUDIT},
 * keyed by request id, and process-service stores them in audit_log. Sent without waiting (the answer is not held
 * up); a row the broker does not take is logged as an error with who and what.
 */
@ApplicationScoped
public class KafkaAuditSink implements AuditSink {
    private static final Logger LOG = Logger.getLogger(KafkaAuditSink.class);

    private final KafkaProducer<String, String> producer;

    public KafkaAuditSink(@Identifier("default-kafka-broker") Map<String, Object> kafka, IngestConfig config) {
        Map<String, Object> p = IngestKafka.producer(kafka, config.kafka().sendTimeout());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "darkroom-ingest-audit");
        this.producer = new KafkaProducer<>(p);
    }

    @Override
    public void record(AuditEntry e) {
        producer.send(new ProducerRecord<>(Topics.AUDIT, e.requestId(), Json.write(e)), (meta, error) -> {
            if (error != null) {
                LOG.errorf(
                        "audit row of request %s NOT delivered (%s %s by %s -> %d): %s",
                        e.requestId(),
                        e.action(),
                        e.target(),
                        e.actor() == null ? "anonymous" : e.actor().subject(),
                        e.status(),
                        error.getMessage());
            }
        });
    }

    @PreDestroy
    void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
