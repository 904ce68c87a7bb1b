package io.darkroom.worker.messaging;

import io.darkroom.contracts.Json;
import io.darkroom.contracts.WorkerControl;
import io.darkroom.security.CommandSignature;
import io.darkroom.security.SigningKeys;
import io.darkroom.security.http.SecurityConfig;
import io.darkroom.worker.config.WorkerConfig;
import io.darkroom.worker.service.WorkerControlService;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

/**
 * Reads {@code darkroom.workers.control} on its own thread with a plain {@link KafkaConsumer} that belongs to no
 * group: it assigns itself every partition, so every worker sees every command (a shared group would hand each
 * command to one worker only; a group per worker id would leave a stale group behind every restarted worker, whose
 * id defaults to hostname-pid). Nothing is committed: at boot it starts {@code darkroom.worker.control-lookback}
 * back (cancellations from just before boot still count), then follows the end. Partitions added later are picked
 * up every {@link #REFRESH}.
 *
 * <p>Commit strategy: none (no group). Failure strategy: an unreadable record is logged and skipped; a failed poll is
 * logged and polled again.
 */
@ApplicationScoped
public class ControlConsumer {
    private static final Logger LOG = Logger.getLogger(ControlConsumer.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration REFRESH = Duration.ofSeconds(30);

    private final KafkaClients clients;
    private final WorkerControlService control;
    private final WorkerConfig config;
    private final PublicKey siteKey;
    private final boolean acceptUnsigned;
    private volatile boolean running;
    private volatile boolean assigned;
    private Thread thread;

    public ControlConsumer(
            KafkaClients clients, WorkerControlService control, WorkerConfig config, SecurityConfig security) {
        this.clients = clients;
        this.control = control;
        this.config = config;
        this.siteKey = security.publicKey()
                .filter(k -> !k.isBlank())
                .map(SigningKeys::readPublic)
                .orElse(null);
        this.acceptUnsigned = config.worker().controlAcceptUnsigned();
    }

    /** Starts the reader thread; returns once it is positioned on every partition (or after 30 s). */
    public synchronized void start() throws InterruptedException {
        if (thread != null) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "darkroom-control");
        thread.setDaemon(true);
        thread.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!assigned && thread.isAlive() && System.nanoTime() - deadline < 0) {
            Thread.sleep(20);
        }
    }

    public synchronized void stop() throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.join(5000);
        }
    }

    /** True once the reader has its partitions (it hears commands from then on). */
    public boolean assigned() {
        return assigned;
    }

    private void run() {
        String topic = config.topics().workersControl();
        Instant boot = Instant.now();
        try (KafkaConsumer<String, String> consumer = clients.controlConsumer()) {
            long nextRefresh = 0;
            // runs through the shutdown grace too (a cancel then still reaches running renders); stop() ends it
            while (running) {
                if (System.nanoTime() - nextRefresh >= 0) {
                    assign(consumer, topic, boot);
                    nextRefresh = System.nanoTime() + REFRESH.toNanos();
                }
                for (ConsumerRecord<String, String> r : poll(consumer)) {
                    handle(r, boot);
                }
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "control consumer stopped: %s", e.getMessage());
        } finally {
            assigned = false;
        }
    }

    private Iterable<ConsumerRecord<String, String>> poll(KafkaConsumer<String, String> consumer) {
        try {
            return consumer.poll(POLL);
        } catch (KafkaException e) {
            if (e instanceof org.apache.kafka.common.errors.InterruptException) {
                throw e;
            }
            LOG.warnf("control poll failed (%s); polling again", e.toString());
            return List.of();
        }
    }

    /** Assigns every partition of the topic; new ones start at the lookback (at boot) or at their beginning. */
    private void assign(KafkaConsumer<String, String> consumer, String topic, Instant boot) {
        try {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos == null || infos.isEmpty()) {
                LOG.warnf("control topic %s has no partitions yet", topic);
                return;
            }
            Set<TopicPartition> all = infos.stream()
                    .map(i -> new TopicPartition(topic, i.partition()))
                    .collect(Collectors.toSet());
            Set<TopicPartition> added = all.stream()
                    .filter(tp -> !consumer.assignment().contains(tp))
                    .collect(Collectors.toSet());
            if (added.isEmpty()) {
                return;
            }
            boolean first = consumer.assignment().isEmpty();
            consumer.assign(all);
            position(consumer, added, first, boot);
            assigned = true;
            LOG.infof("control consumer reading %s (%d partitions)", topic, all.size());
        } catch (KafkaException e) {
            LOG.warnf("cannot assign the control topic %s yet: %s", topic, e.toString());
        }
    }

    private void position(
            KafkaConsumer<String, String> consumer, Set<TopicPartition> added, boolean first, Instant boot) {
        if (!first) {
            consumer.seekToBeginning(added);
            return;
        }
        Duration lookback = config.worker().controlLookback();
        if (lookback.isZero() || lookback.isNegative()) {
            consumer.seekToEnd(added);
        } else {
            Map<TopicPartition, Long> at = new HashMap<>();
            added.forEach(tp -> at.put(tp, boot.minus(lookback).toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(at, Duration.ofSeconds(10));
            for (TopicPartition tp : added) {
                OffsetAndTimestamp o = offsets.get(tp);
                if (o == null) {
                    consumer.seekToEnd(List.of(tp));
                } else {
                    consumer.seek(tp, o.offset());
                }
            }
        }
        added.forEach(consumer::position); // resolve lazily-seeked positions now: commands from here on are heard
    }

    private boolean signedBySite(ConsumerRecord<String, String> r) {
        Header h = r.headers().lastHeader(CommandSignature.HEADER);
        return h != null
                && h.value() != null
                && CommandSignature.verify(siteKey, r.value(), new String(h.value(), StandardCharsets.UTF_8));
    }

    private void handle(ConsumerRecord<String, String> r, Instant boot) {
        if (r.value() == null) {
            return;
        }
        WorkerControl command;
        try {
            command = Json.read(r.value(), WorkerControl.class);
        } catch (IllegalArgumentException e) {
            LOG.errorf(
                    "control record %s-%d@%d (key %s) is not a WorkerControl, skipped: %s",
                    r.topic(), r.partition(), r.offset(), r.key(), e.getMessage());
            return;
        }
        if (!signedBySite(r)) {
            if (!acceptUnsigned) {
                LOG.warnf(
                        "control command %s (record %s-%d@%d) ignored: no valid signature of the site key; only"
                                + " process-service's commands are obeyed",
                        command.eventId(), r.topic(), r.partition(), r.offset());
                return;
            }
            LOG.debugf(
                    "control command %s unsigned, accepted (darkroom.worker.control-accept-unsigned)",
                    command.eventId());
        }
        boolean live = r.timestamp() >= boot.toEpochMilli();
        try {
            control.apply(command, live);
        } catch (RuntimeException e) {
            LOG.errorf(e, "control command %s failed: %s", command, e.getMessage());
        }
    }
}
