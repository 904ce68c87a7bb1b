package io.darkroom.worker.service;

import io.darkroom.contracts.WorkerHeartbeat;
import io.darkroom.worker.config.WorkerConfig;
import io.darkroom.worker.messaging.EventPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/** Publishes this worker's heartbeat every {@code darkroom.worker.heartbeat-interval} (key = workerId). */
@ApplicationScoped
public class HeartbeatService {
    private static final Logger LOG = Logger.getLogger(HeartbeatService.class);

    private final EventPublisher publisher;
    private final WorkerStatus status;
    private final CapabilitiesProbe capabilities;
    private final WorkerIdentity identity;
    private final WorkerConfig config;
    private final Clock clock = Clock.systemUTC();
    private ScheduledExecutorService scheduler;

    public HeartbeatService(
            EventPublisher publisher,
            WorkerStatus status,
            CapabilitiesProbe capabilities,
            WorkerIdentity identity,
            WorkerConfig config) {
        this.publisher = publisher;
        this.status = status;
        this.capabilities = capabilities;
        this.identity = identity;
        this.config = config;
    }

    synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "darkroom-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long every = config.worker().heartbeatInterval().toMillis();
        scheduler.scheduleAtFixedRate(this::beat, 0, every, TimeUnit.MILLISECONDS);
    }

    /** Stops the schedule and sends a last heartbeat (state STOPPING), waiting for it up to the timeout. */
    synchronized void stop(Duration timeout) {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        try {
            publisher.heartbeat(current()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            LOG.infof("worker %s: final heartbeat (%s) sent", identity.workerId(), status.state());
        } catch (Exception e) {
            LOG.warnf("worker %s: final heartbeat not sent: %s", identity.workerId(), e.toString());
        }
    }

    /** Sends a heartbeat now (after a state change), besides the schedule. */
    public synchronized void beatNow() {
        if (scheduler != null && !scheduler.isShutdown()) {
            scheduler.execute(this::beat);
        }
    }

    public WorkerHeartbeat current() {
        return new WorkerHeartbeat(
                identity.workerId(),
                identity.host(),
                config.worker().pool(),
                config.worker().slots(),
                status.busy(),
                status.state(),
                capabilities.capabilities(),
                status.currentTasks(),
                clock.instant(),
                status.poolSlots());
    }

    private void beat() {
        try {
            publisher.heartbeat(current());
        } catch (RuntimeException e) {
            LOG.warnf("heartbeat failed: %s", e.toString());
        }
    }
}
