package io.darkroom.worker.messaging;

import io.darkroom.contracts.FailureReason;
import io.darkroom.contracts.RenderTask;
import io.darkroom.contracts.TaskEvent;
import io.darkroom.render.RenderContext;
import io.darkroom.worker.domain.AckPolicy;
import io.darkroom.worker.domain.ProgressThrottle;
import io.darkroom.worker.domain.RenewalSchedule;
import io.darkroom.worker.domain.TaskEvents;
import io.darkroom.worker.domain.TaskOutcome;
import io.darkroom.worker.service.RunningTasks;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * One delivery of one task record to one slot, run on the slot's consumer thread: started event, render on the
 * render executor while this thread renews the lock, then report and acknowledge (see {@link AckPolicy}).
 */
final class TaskAttempt {
    private static final Logger LOG = Logger.getLogger(TaskAttempt.class);
    private static final long CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);
    private static final Duration CANCEL_WAIT = Duration.ofSeconds(30);

    private final SlotContext ctx;
    private final int slot;
    private final String pool;
    private final RecordAcks acks;
    private final RenderTask task;
    private final int delivery;
    private final TaskEvents events;
    private final AtomicBoolean cancel = new AtomicBoolean();
    private ConsumerRecord<String, String> held;
    private RunningTasks.Running running;
    private boolean interrupted;
    private boolean lockLost;

    TaskAttempt(
            SlotContext ctx,
            int slot,
            String pool,
            RecordAcks acks,
            ConsumerRecord<String, String> record,
            RenderTask task) {
        this.ctx = ctx;
        this.slot = slot;
        this.pool = pool;
        this.acks = acks;
        this.held = record;
        this.task = task;
        this.delivery = record.deliveryCount().map(Short::intValue).orElse(1);
        this.events = new TaskEvents(task, delivery, ctx.workerId(), ctx.clock());
    }

    void run() {
        long t0 = System.nanoTime();
        LOG.infof(
                "job %s task %s: attempt %d delivery %d taken from %s",
                task.jobId(), task.taskId(), task.attempt(), delivery, RecordAcks.where(held));
        // register before looking at the remembered cancellations: a CancelTasks arriving in between still reaches us
        running = ctx.control().running().register(task.jobId(), task.taskId(), cancel);
        ctx.status().taskStarted(slot, task.taskId(), pool);
        try {
            if (ctx.control().cancelled(task.jobId(), task.taskId())) {
                finish(
                        new TaskOutcome.Cancelled("job " + task.jobId() + " was cancelled before task " + task.taskId()
                                + " started; not rendered"),
                        Duration.ZERO);
                return;
            }
            ctx.publisher().sendLater(events.started());
            TaskOutcome outcome = awaitRender(t0);
            ctx.metrics().phase("render", System.nanoTime() - t0);
            finish(outcome, Duration.ofNanos(System.nanoTime() - t0));
        } finally {
            ctx.status().taskEnded(slot);
            ctx.control().running().unregister(running);
        }
    }

    private TaskOutcome awaitRender(long t0) {
        ProgressThrottle throttle = new ProgressThrottle(PROGRESS_EVERY);
        RenderContext renderContext = new RenderContext(
                ctx.workerId(),
                delivery,
                (done, total) -> {
                    if (throttle.tryAcquire(System.nanoTime())) {
                        ctx.publisher().sendLater(events.progress(done, total));
                    }
                },
                cancel::get,
                (phase, nanos) -> ctx.metrics().phase(phase.tag(), nanos));
        Future<TaskOutcome> render = ctx.runner().start(task, renderContext);
        RenewalSchedule renewal = new RenewalSchedule(ctx.config().worker().lockDuration(), t0);
        long cancelDeadline = Long.MAX_VALUE;
        while (true) {
            long now = System.nanoTime();
            if (!cancel.get() && ctx.status().graceOver(now)) {
                LOG.warnf("job %s task %s: shutdown grace over, cancelling the render", task.jobId(), task.taskId());
                interrupted = true;
                cancel.set(true);
            }
            if (cancel.get() && cancelDeadline == Long.MAX_VALUE) {
                cancelDeadline = now + CANCEL_WAIT.toNanos();
            }
            try {
                TaskOutcome outcome =
                        render.get(Math.min(CHECK_NANOS, renewal.nanosUntilDue(now)) + 1, TimeUnit.NANOSECONDS);
                return classify(outcome);
            } catch (TimeoutException e) {
                if (now - cancelDeadline > 0) {
                    render.cancel(true);
                    return classify(new TaskOutcome.Interrupted("render did not stop within " + CANCEL_WAIT));
                }
                maybeRenew(renewal);
            } catch (ExecutionException e) {
                return classify(new TaskOutcome.Failed(FailureReason.INTERNAL, "render crashed: " + e.getCause()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                interrupted = true;
                cancel.set(true);
            }
        }
    }

    private void maybeRenew(RenewalSchedule renewal) {
        if (lockLost || !renewal.due(System.nanoTime())) {
            return;
        }
        var back = acks.renew(held, renewal.interval());
        if (back.isPresent()) {
            held = back.get();
            renewal.renewed(System.nanoTime());
            LOG.debugf("job %s task %s: lock renewed", task.jobId(), task.taskId());
        } else {
            LOG.warnf(
                    "job %s task %s: acquisition lock lost; cancelling the render (the broker redelivers the task)",
                    task.jobId(), task.taskId());
            lockLost = true;
            cancel.set(true);
        }
    }

    /** Outcomes of renders this worker stopped itself become Cancelled, Interrupted or LockLost. */
    private TaskOutcome classify(TaskOutcome outcome) {
        String cancelledBecause = running.cancelledBecause();
        if (cancelledBecause != null) {
            if (outcome instanceof TaskOutcome.Rendered r) {
                // finished just as the cancel came: the result is unwanted, its files go
                ctx.control().discard(task.jobId(), task.taskId(), r.files());
            }
            return new TaskOutcome.Cancelled(cancelledBecause);
        }
        if (lockLost) {
            return new TaskOutcome.LockLost("acquisition lock lost");
        }
        if (interrupted && !(outcome instanceof TaskOutcome.Rendered)) {
            return new TaskOutcome.Interrupted("worker shutting down");
        }
        return outcome;
    }

    private void finish(TaskOutcome outcome, Duration took) {
        TaskEvent report = events.report(outcome);
        long t0 = System.nanoTime();
        boolean sent = report != null
                && ctx.publisher().sendAwaited(report, ctx.config().worker().sendTimeout());
        long t1 = System.nanoTime();
        AckPolicy.Ack ack = AckPolicy.decide(outcome, sent);
        boolean acked = acks.acknowledge(held, ack);
        ctx.metrics().phase("report", t1 - t0);
        ctx.metrics().phase("ack", System.nanoTime() - t1);
        if (outcome instanceof TaskOutcome.Rendered r) {
            ctx.metrics().completed(took);
            String upscaledBy = TaskEvents.upscaledBy(r.files());
            if (!upscaledBy.isEmpty()) {
                LOG.infof("job %s task %s: upscaled by %s", task.jobId(), task.taskId(), upscaledBy);
            }
            LOG.infof(
                    "job %s task %s: done, %d file(s) in %d ms; %s%s",
                    task.jobId(),
                    task.taskId(),
                    r.files().size(),
                    took.toMillis(),
                    ack,
                    acked ? "" : " (not confirmed)");
        } else if (outcome instanceof TaskOutcome.Failed f) {
            ctx.metrics().failed(f.reason(), took);
            LOG.warnf(
                    "job %s task %s: failed %s: %s; %s%s",
                    task.jobId(), task.taskId(), f.reason(), f.message(), ack, acked ? "" : " (not confirmed)");
        } else if (outcome instanceof TaskOutcome.Cancelled c) {
            ctx.metrics().failed(FailureReason.CANCELLED, took);
            LOG.infof(
                    "job %s task %s: cancelled after %d ms (%s); %s%s",
                    task.jobId(), task.taskId(), took.toMillis(), c.why(), ack, acked ? "" : " (not confirmed)");
        } else {
            LOG.warnf("job %s task %s: %s; %s", task.jobId(), task.taskId(), outcome, ack);
        }
    }
}
