package io.darkroom.process.service;

import io.darkroom.contracts.WorkerHeartbeat;
import io.darkroom.process.config.DarkroomConfig;
import io.darkroom.process.domain.WorkerRow;
import io.darkroom.process.domain.WorkerStatus;
import io.darkroom.process.persistence.Database;
import io.darkroom.process.persistence.WorkerRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/** Keeps the workers table from heartbeats and lists workers with their derived status. */
@ApplicationScoped
public class WorkerService {
    private static final Logger LOG = Logger.getLogger(WorkerService.class);

    private final Database db;
    private final WorkerRepository workers;
    private final Duration heartbeatTimeout;

    public WorkerService(Database db, WorkerRepository workers, DarkroomConfig config) {
        this.db = db;
        this.workers = workers;
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

    /** A worker with the status the API shows. */
    public record Worker(WorkerRow row, WorkerStatus status) {
    }

    public List<Worker> list() {
        Instant now = Instant.now();
        return db.read(workers::list).stream()
                .map(w -> new Worker(w, WorkerStatus.of(w.state(), w.lastHeartbeat(), now, heartbeatTimeout)))
                .toList();
    }
}
