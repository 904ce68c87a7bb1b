package io.darkroom.worker.service;

import io.darkroom.render.FfmpegLog;
import io.darkroom.worker.config.WorkerConfig;
import io.darkroom.worker.messaging.ControlConsumer;
import io.darkroom.worker.messaging.KafkaTopology;
import io.darkroom.worker.messaging.TaskConsumers;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Boot and shutdown of the worker. Boot: check settings, create topics and set the share group's configs (retried
 * until the broker answers), then start the slots and the heartbeat. Shutdown (SIGTERM): take no new work, let running
 * renders finish within {@code darkroom.worker.shutdown-grace}, cancel and RELEASE what is left, close the consumers,
 * send a STOPPING heartbeat.
 */
@ApplicationScoped
public class WorkerLifecycle {
    private static final Logger LOG = Logger.getLogger(WorkerLifecycle.class);
    private static final Duration SETUP_RETRY = Duration.ofSeconds(2);
    /** Beyond the grace: time for cancelled renders to stop, records to be released and consumers to close. */
    private static final Duration STOP_MARGIN = Duration.ofSeconds(20);

    private final WorkerConfig config;
    private final WorkerStatus status;
    private final KafkaTopology topology;
    private final TaskConsumers consumers;
    private final HeartbeatService heartbeat;
    private final WorkerIdentity identity;
    private final ControlConsumer control;
    private Thread boot;

    public WorkerLifecycle(
            WorkerConfig config,
            WorkerStatus status,
            KafkaTopology topology,
            TaskConsumers consumers,
            HeartbeatService heartbeat,
            WorkerIdentity identity,
            ControlConsumer control) {
        this.control = control;
        this.config = config;
        this.status = status;
        this.topology = topology;
        this.consumers = consumers;
        this.heartbeat = heartbeat;
        this.identity = identity;
    }

    void onStart(@Observes StartupEvent event) {
        FfmpegLog.install(); // FFmpeg's messages into the log, category "ffmpeg" (WARN unless set otherwise)
        validate(config);
        status.expectSlots(config.worker().slots());
        status.expectPools(
                config.worker().pool(),
                config.worker().servedPools(),
                config.worker().extraSlots());
        LOG.infof(
                "worker %s: pool %s, %d slot(s), also pools %s on at most %d slot(s), lock %s",
                identity.workerId(),
                config.worker().pool(),
                config.worker().slots(),
                config.worker()
                        .servedPools()
                        .subList(1, config.worker().servedPools().size()),
                config.worker().extraSlots(),
                config.worker().lockDuration());
        boot = new Thread(this::setUpAndStart, "darkroom-worker-boot");
        boot.setDaemon(true);
        boot.start();
    }

    private void setUpAndStart() {
        while (!status.stopping()) {
            try {
                topology.ensure();
                control.start(); // before the slots: a record of an already cancelled job is never rendered
                heartbeat.start();
                consumers.start(config.worker().slots());
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IllegalStateException e) {
                LOG.warnf("Kafka set-up failed, trying again in %s: %s", SETUP_RETRY, e.getMessage());
                try {
                    Thread.sleep(SETUP_RETRY.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        Duration grace = config.worker().shutdownGrace();
        LOG.infof("worker %s: shutting down, %d task(s) running, grace %s", identity.workerId(), status.busy(), grace);
        status.drain(System.nanoTime() + grace.toNanos());
        try {
            if (boot != null) {
                boot.join(SETUP_RETRY.toMillis() * 2);
            }
            if (!consumers.awaitStopped(grace.plus(STOP_MARGIN))) {
                LOG.warn("some slots did not stop in time; their records come back when the locks expire");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        status.stopped();
        try {
            control.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        heartbeat.stop(Duration.ofSeconds(5));
    }

    /** Stops boot with a message naming the key when a setting makes no sense. */
    static void validate(WorkerConfig config) {
        WorkerConfig.Worker w = config.worker();
        if (w.slots() < 1) {
            throw new IllegalArgumentException("darkroom.worker.slots must be at least 1, got " + w.slots());
        }
        if (w.lockDuration().compareTo(Duration.ofSeconds(3)) < 0) {
            throw new IllegalArgumentException(
                    "darkroom.worker.lock-duration must be at least 3s, got " + w.lockDuration());
        }
        if (w.shutdownGrace().isNegative()) {
            throw new IllegalArgumentException("darkroom.worker.shutdown-grace must not be negative");
        }
        if (w.deliveryCountLimit() < 2) {
            throw new IllegalArgumentException("darkroom.worker.delivery-count-limit must be at least 2");
        }
        if (w.pool() == null || !w.pool().matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException(
                    "darkroom.worker.pool must be lower-case letters, digits or '-', got '" + w.pool() + "'");
        }
        for (String extra : w.alsoPools().orElse(java.util.List.of())) {
            if (!extra.trim().matches("[a-z0-9-]+")) {
                throw new IllegalArgumentException("darkroom.worker.also-pools must be lower-case letters, digits or "
                        + "'-', got '" + extra + "'");
            }
        }
        if (w.alsoSlots().isPresent() && w.alsoSlots().get() < 0) {
            throw new IllegalArgumentException("darkroom.worker.also-slots must not be negative, got "
                    + w.alsoSlots().get());
        }
    }
}
