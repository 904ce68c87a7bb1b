package io.darkroom.worker.messaging;

import io.darkroom.worker.domain.AckPolicy.Ack;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicIdPartition;
import org.jboss.logging.Logger;

/**
 * Acknowledgements of one slot's share consumer; called on that consumer's thread only.
 *
 * <p>How renewal works with kafka-clients 4.4 (explicit mode), as verified on a 4.4 broker: {@code acknowledge(r,
 * RENEW)} then {@code commitSync()} sends the renewal alone (a ShareAcknowledge: the lock restarts at the full
 * {@code share.record.lock.duration.ms}); the client then holds the record back and the next {@code poll()} hands it
 * to the application again (it is in flight again and must be acknowledged before any later poll). Sending the RENEW
 * with {@code poll()} instead also works, but that poll's ShareFetch acquires a further record that is never returned
 * and times out, burning its delivery count: a renewing worker would hoard and poison other tasks. So: RENEW,
 * commitSync, then poll until the same record comes back.
 */
final class RecordAcks {
    private static final Logger LOG = Logger.getLogger(RecordAcks.class);
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL_STEP = Duration.ofMillis(100);

    private final ShareConsumer<String, String> consumer;

    RecordAcks(ShareConsumer<String, String> consumer) {
        this.consumer = consumer;
    }

    /**
     * Renews the lock of a held record.
     *
     * @param within how long to wait for the renewed record to come back from poll
     * @return the record as handed back by poll (acknowledge that one from now on), empty if the lock is lost
     */
    Optional<ConsumerRecord<String, String>> renew(ConsumerRecord<String, String> held, Duration within) {
        try {
            consumer.acknowledge(held, AcknowledgeType.RENEW);
            Map<TopicIdPartition, Optional<KafkaException>> result = consumer.commitSync(COMMIT_TIMEOUT);
            Optional<KafkaException> error = firstError(result);
            if (result.isEmpty() || error.isPresent()) {
                LOG.warnf(
                        "renewal of %s refused: %s",
                        where(held), error.map(Throwable::toString).orElse("not sent"));
                return Optional.empty();
            }
            long deadline = System.nanoTime() + within.toNanos();
            while (System.nanoTime() - deadline < 0) {
                ConsumerRecords<String, String> records = consumer.poll(POLL_STEP);
                ConsumerRecord<String, String> back = null;
                for (ConsumerRecord<String, String> r : records) {
                    if (same(r, held)) {
                        back = r;
                    } else {
                        LOG.warnf("got %s while renewing %s; releasing it", where(r), where(held));
                        consumer.acknowledge(r, AcknowledgeType.RELEASE);
                    }
                }
                if (back != null) {
                    return Optional.of(back);
                }
            }
            LOG.warnf("renewed record %s did not come back from poll within %s", where(held), within);
            return Optional.empty();
        } catch (IllegalStateException | KafkaException e) {
            LOG.warnf("renewal of %s failed: %s", where(held), e.toString());
            return Optional.empty();
        }
    }

    /** Acknowledges and commits at once; false (logged) when the broker refused, e.g. because the lock expired. */
    boolean acknowledge(ConsumerRecord<String, String> record, Ack ack) {
        if (ack == Ack.NONE) {
            return true;
        }
        try {
            consumer.acknowledge(record, type(ack));
            Optional<KafkaException> error = firstError(consumer.commitSync(COMMIT_TIMEOUT));
            if (error.isPresent()) {
                LOG.warnf(
                        "%s of %s refused by the broker: %s",
                        ack, where(record), error.get().toString());
                return false;
            }
            return true;
        } catch (IllegalStateException | KafkaException e) {
            LOG.warnf("%s of %s failed: %s", ack, where(record), e.toString());
            return false;
        }
    }

    static AcknowledgeType type(Ack ack) {
        return switch (ack) {
            case ACCEPT -> AcknowledgeType.ACCEPT;
            case RELEASE -> AcknowledgeType.RELEASE;
            case REJECT -> AcknowledgeType.REJECT;
            case NONE -> throw new IllegalArgumentException("NONE is not sent");
        };
    }

    static boolean same(ConsumerRecord<?, ?> a, ConsumerRecord<?, ?> b) {
        return a.topic().equals(b.topic()) && a.partition() == b.partition() && a.offset() == b.offset();
    }

    static String where(ConsumerRecord<?, ?> r) {
        return r.topic() + "-" + r.partition() + "@" + r.offset();
    }

    private static Optional<KafkaException> firstError(Map<TopicIdPartition, Optional<KafkaException>> result) {
        return result.values().stream().flatMap(Optional::stream).findFirst();
    }
}
