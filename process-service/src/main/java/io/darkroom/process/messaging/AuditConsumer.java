package io.darkroom.process.messaging;

import io.darkroom.contracts.Json;
import io.darkroom.process.auth.AuditLog;
import io.darkroom.security.http.AuditEntry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Stores the audit rows of services without the catalog (ingest-service's submissions and refusals). */
@ApplicationScoped
public class AuditConsumer {
    private static final Logger LOG = Logger.getLogger(AuditConsumer.class);

    private final AuditLog audit;

    public AuditConsumer(AuditLog audit) {
        this.audit = audit;
    }

    @Incoming(Channels.AUDIT)
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        AuditEntry e;
        try {
            e = Json.read(record.value(), AuditEntry.class);
        } catch (RuntimeException ex) {
            LOG.errorf(
                    "audit record %s at %s-%d@%d is not an audit entry, skipped: %s",
                    record.key(), record.topic(), record.partition(), record.offset(), ex.getMessage());
            return;
        }
        audit.record(e);
    }
}
