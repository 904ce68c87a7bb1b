package io.darkroom.process.service;

import io.darkroom.contracts.WorkerControl;
import io.darkroom.contracts.WorkerHeartbeat;
import io.darkroom.process.config.DarkroomConfig;
import io.darkroom.process.domain.WorkerRow;
import io.darkroom.process.domain.WorkerStatus;
import io.darkroom.process.messaging.ControlPublisher;
import io.darkroom.process.persistence.Database;
import io.darkroom.process.persistence.WorkerRepository;
import io.darkroom.process.service.ControlRefusedException.Kind;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Keeps the workers table from heartbeats and lists workers with their derived status. */
@ApplicationScoped
public class WorkerService {
    private static final Logger LOG = Logger.getLogger(WorkerService.class);

    private final Database db;
    private final WorkerRepository workers;
    private final Duration heartbeatTimeout;
    private final ControlPublisher control;

    public WorkerService(Database db, WorkerRepository workers, ControlPublisher control, DarkroomConfig config) {
        this.db = db;
        this.workers = workers;
        this.control = control;
        this.heartbeatTimeout = config.dispatch().heartbeatTimeout();
    }

    public void heartbeat(WorkerHeartbeat hb) {
        if (hb.workerId() == null || hb.workerId().isBlank()) {
            LOG.warn("heartbeat without workerId ignored");
            return;
        }
        db.tx(c -> {
            workers.upsert(c, hb, Instant.now());
            return null;
        });
    }

    /** A tombstone on the heartbeat topic: the worker stopped cleanly. */
    public void gone(String workerId) {
        db.tx(c -> {
            workers.gone(c, workerId);
            return null;
        });
        LOG.infof("worker %s stopped", workerId);
    }

    /**
     * Drains (finish current work, take none) or undrains a known worker: the command goes on the control topic,
     * awaited, and the catalog marks the worker at once so that the dispatcher stops counting its slots before its
     * next heartbeat says DRAINING.
     *
     * @throws ControlRefusedException NOT_FOUND for a worker that never sent a heartbeat
     * @throws io.darkroom.process.messaging.SendFailedException when the broker did not acknowledge the command
     */
    public WorkerControl drain(String workerId, boolean drain) {
        if (!db.read(c -> workers.exists(c, workerId))) {
            throw new ControlRefusedException(Kind.NOT_FOUND, "no worker " + workerId);
        }
        WorkerControl command = drain
                ? new WorkerControl.Drain(UUID.randomUUID().toString(), Instant.now(), workerId)
                : new WorkerControl.Undrain(UUID.randomUUID().toString(), Instant.now(), workerId);
        control.publish(command);
        db.tx(c -> {
            workers.markDrain(c, workerId, drain);
            return null;
        });
        LOG.infof("worker %s: %s requested", workerId, drain ? "drain" : "undrain");
        return command;
    }

    /** A worker with the status the API shows. */
    public record Worker(WorkerRow row, WorkerStatus status) {}

    public List<Worker> list() {
        Instant now = Instant.now();
        return db.read(workers::list).stream()
                .map(w -> new Worker(w, WorkerStatus.of(w.state(), w.lastHeartbeat(), now, heartbeatTimeout)))
                .toList();
    }
}
