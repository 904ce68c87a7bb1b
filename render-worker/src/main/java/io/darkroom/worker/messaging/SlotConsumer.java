package io.darkroom.worker.messaging;

import io.darkroom.contracts.RenderTask;
import io.darkroom.observability.Tracing;
import io.darkroom.worker.domain.AckPolicy;
import io.darkroom.worker.domain.TaskParser;
import io.opentelemetry.api.trace.SpanKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.KafkaException;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * One slot: a share consumer of the own pool's group on its own thread, taking one task record at a time, plus one
 * share consumer per also-pool ({@code darkroom.worker.also-pools}) that it polls only when its own pool had nothing.
 * Only this thread touches its consumers.
 */
public final class SlotConsumer implements Runnable {
    private static final Logger LOG = Logger.getLogger(SlotConsumer.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /** While drained: how often the slot looks whether it may take work again. */
    private static final long DRAINED_WAIT_MS = 100;

    private final SlotContext ctx;
    private final int slot;

    private final Tracing tracing =
            io.quarkus.arc.Arc.container().instance(Tracing.class).get();

    SlotConsumer(SlotContext ctx, int slot) {
        this.ctx = ctx;
        this.slot = slot;
    }

    /** One served pool of this slot: its share consumer and that consumer's acknowledgements. */
    private record Source(String pool, boolean extra, KafkaShareConsumer<String, String> consumer, RecordAcks acks) {}

    @Override
    public void run() {
        ctx.status().slotStarted(slot);
        List<Source> sources = new ArrayList<>();
        try {
            for (String pool : ctx.config().worker().servedPools()) {
                boolean extra = !pool.equals(ctx.config().worker().pool());
                if (extra && ctx.config().worker().extraSlots() == 0) {
                    continue;
                }
                KafkaShareConsumer<String, String> consumer = ctx.clients().shareConsumer(slot, pool);
                sources.add(new Source(pool, extra, consumer, new RecordAcks(consumer)));
                String topic = ctx.config().topics().tasks(pool);
                consumer.subscribe(List.of(topic));
                LOG.infof(
                        "slot %d: consuming %s as a member of share group %s%s",
                        slot, topic, ctx.config().topics().workerGroup(pool), extra ? " (also-pool, when idle)" : "");
            }
            while (!ctx.status().stopping()) {
                if (!ctx.status().takingWork()) {
                    // drained by an operator: no poll, so no record is acquired; a running task renews its own lock
                    Thread.sleep(DRAINED_WAIT_MS);
                    continue;
                }
                // own pool first; an also-pool only when the own pool had nothing for this slot and fewer than
                // darkroom.worker.also-slots slots hold also-pool work
                for (Source source : sources) {
                    if (pollAndHandle(source)) {
                        break;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warnf("slot %d: interrupted, stopping", slot);
        } catch (RuntimeException e) {
            LOG.errorf(e, "slot %d: consumer stopped", slot);
        } finally {
            for (Source source : sources) {
                close(source.consumer());
            }
            ctx.status().slotEnded(slot);
        }
    }

    /** Polls one source once and handles what it returned; true when a record was handled. */
    private boolean pollAndHandle(Source source) {
        if (source.extra() && !ctx.status().tryTakeExtra()) {
            return false;
        }
        try {
            ConsumerRecords<String, String> records = pollOnce(source.consumer());
            if (!source.extra()) {
                ctx.status().slotJoined(slot);
            }
            boolean any = false;
            for (ConsumerRecord<String, String> record : records) {
                handle(source, record);
                any = true;
            }
            return any;
        } finally {
            if (source.extra()) {
                ctx.status().extraReleased();
            }
        }
    }

    private ConsumerRecords<String, String> pollOnce(KafkaShareConsumer<String, String> consumer) {
        try {
            return consumer.poll(POLL);
        } catch (KafkaException e) {
            if (e instanceof org.apache.kafka.common.errors.InterruptException) {
                throw e;
            }
            LOG.warnf("slot %d: poll failed (%s); polling again", slot, e.toString());
            return ConsumerRecords.empty();
        }
    }

    private void handle(Source source, ConsumerRecord<String, String> record) {
        RecordAcks acks = source.acks();
        RenderTask task;
        try {
            task = TaskParser.parse(record.value());
        } catch (IllegalArgumentException e) {
            LOG.errorf(
                    "slot %d: record %s (key %s) is not a RenderTask, rejecting it: %s",
                    slot, RecordAcks.where(record), record.key(), e.getMessage());
            acks.acknowledge(record, AckPolicy.unreadable());
            return;
        }
        MDC.put("jobId", task.jobId());
        MDC.put("taskId", task.taskId());
        try {
            if (!ctx.status().takingWork()) {
                LOG.infof(
                        "job %s task %s: %s, releasing it untouched",
                        task.jobId(), task.taskId(), ctx.status().stopping() ? "shutting down" : "draining");
                acks.acknowledge(record, AckPolicy.Ack.RELEASE);
                return;
            }
            try (Tracing.Traced span = tracing.span(
                    "render", SpanKind.CONSUMER, tracing.extract(record.headers()), task.jobId(), task.taskId())) {
                new TaskAttempt(ctx, slot, source.pool(), acks, record, task).run();
            }
        } finally {
            MDC.remove("jobId");
            MDC.remove("taskId");
        }
    }

    private void close(KafkaShareConsumer<String, String> consumer) {
        if (consumer == null) {
            return;
        }
        try {
            consumer.close(CLOSE_TIMEOUT);
            LOG.infof("slot %d: consumer closed", slot);
        } catch (RuntimeException e) {
            LOG.warnf("slot %d: closing the consumer failed: %s", slot, e.toString());
        }
    }
}
