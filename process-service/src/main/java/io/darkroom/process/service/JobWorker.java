package io.darkroom.process.service;

import io.darkroom.process.persistence.Database;
import io.darkroom.process.persistence.Jdbc;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs slow per-job work (a job's artifacts, an approval preview) on a thread of its own: a job is queued once however
 * often it is asked for, and runs under a PostgreSQL advisory lock of its id, so two process-service instances never
 * work on the same job at once. A failure is logged; {@link #resume} picks up what is still to do (after a restart).
 */
final class JobWorker implements AutoCloseable {
    private final String what;
    private final long lockSalt;
    private final Database db;
    private final Logger log;
    private final Consumer<UUID> work;
    private final ExecutorService executor;
    private final Set<UUID> inProgress = ConcurrentHashMap.newKeySet();

    /**
     * @param what     what the work is, for log lines ("finishing", "approval preview")
     * @param thread   the thread's name
     * @param lockSalt mixed into the job id to make the advisory lock key of this kind of work
     */
    JobWorker(String what, String thread, long lockSalt, Database db, Logger log, Consumer<UUID> work) {
        this.what = what;
        this.lockSalt = lockSalt;
        this.db = db;
        this.log = log;
        this.work = work;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, thread);
            t.setDaemon(true);
            return t;
        });
    }

    /** Queues a job unless it is queued or running here already. */
    void submit(UUID jobId) {
        if (inProgress.add(jobId)) {
            executor.execute(() -> {
                try {
                    runLocked(jobId);
                } catch (RuntimeException e) {
                    log.errorf(e, "job %s: %s interrupted, retried later: %s", jobId, what, e.getMessage());
                } finally {
                    inProgress.remove(jobId);
                }
            });
        }
    }

    /** Queues every job {@code pending} names that is not queued here (called on a schedule). */
    void resume(Supplier<List<UUID>> pending) {
        try {
            for (UUID id : pending.get()) {
                if (!inProgress.contains(id)) {
                    log.infof("job %s: resuming its %s", id, what);
                    submit(id);
                }
            }
        } catch (RuntimeException e) {
            log.errorf("cannot look for jobs whose %s is to do: %s", what, e.getMessage());
        }
    }

    private void runLocked(UUID jobId) {
        long key = jobId.getMostSignificantBits() ^ jobId.getLeastSignificantBits() ^ lockSalt;
        db.read(lock -> {
            if (!Jdbc.one(lock, "SELECT pg_try_advisory_lock(?)", rs -> rs.getBoolean(1), key)
                    .orElse(false)) {
                return null;
            }
            try {
                work.accept(jobId);
            } finally {
                Jdbc.one(lock, "SELECT pg_advisory_unlock(?)", rs -> rs.getBoolean(1), key);
            }
            return null;
        });
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
