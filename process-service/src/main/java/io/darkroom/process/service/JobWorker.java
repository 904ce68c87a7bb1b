package io.darkroom.process.service;

import io.darkroom.process.persistence.Database;
import io.darkroom.process.persistence.Jdbc;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs slow per-job work (a job's artifacts, an approval preview) on a thread of its own: a job is queued once however
 * often it is asked for, and runs under a PostgreSQL advisory lock of its id, so two process-service instances never
 * work on the same job at once. A failure is logged and {@link #resume} picks up what is still to do (after a restart
 * too). Anything the work throws counts, an {@link Error} as well (a native library the JVM cannot load, such as the
 * font libraries of a slim Java, throws {@code UnsatisfiedLinkError}): after {@link #MAX_ATTEMPTS} failures in a row
 * the job is handed to {@code giveUp}, which ends it with the cause as its reason, rather than retried for ever.
 */
final class JobWorker implements AutoCloseable {
    /** Failures in a row after which a job is given up (its work ended by {@code giveUp}). */
    static final int MAX_ATTEMPTS = 3;

    private final String what;
    private final long lockSalt;
    private final Database db;
    private final Logger log;
    private final Consumer<UUID> work;
    private final BiConsumer<UUID, Throwable> giveUp;
    private final ExecutorService executor;
    private final Set<UUID> inProgress = ConcurrentHashMap.newKeySet();
    private final Map<UUID, Integer> failures = new ConcurrentHashMap<>();

    /**
     * @param what     what the work is, for log lines ("finishing", "approval preview")
     * @param thread   the thread's name
     * @param lockSalt mixed into the job id to make the advisory lock key of this kind of work
     * @param giveUp   ends a job whose work failed {@link #MAX_ATTEMPTS} times in a row, given the last failure
     */
    JobWorker(
            String what,
            String thread,
            long lockSalt,
            Database db,
            Logger log,
            Consumer<UUID> work,
            BiConsumer<UUID, Throwable> giveUp) {
        this.what = what;
        this.lockSalt = lockSalt;
        this.db = db;
        this.log = log;
        this.work = work;
        this.giveUp = giveUp;
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
                    failures.remove(jobId);
                } catch (Throwable t) { // an Error too: the job must not stay half done and be retried for ever
                    failed(jobId, t);
                } finally {
                    inProgress.remove(jobId);
                }
            });
        }
    }

    /**
     * Queues every job {@code pending} names that is not queued here (called on a schedule), and forgets the failure
     * count of every job no longer pending (cancelled or ended elsewhere between two tries).
     */
    void resume(Supplier<List<UUID>> pending) {
        try {
            List<UUID> ids = pending.get();
            failures.keySet().retainAll(Set.copyOf(ids));
            for (UUID id : ids) {
                if (!inProgress.contains(id)) {
                    log.infof("job %s: resuming its %s", id, what);
                    submit(id);
                }
            }
        } catch (RuntimeException e) {
            log.errorf("cannot look for jobs whose %s is to do: %s", what, e.getMessage());
        }
    }

    /** How many times in a row a job's work has failed here (0 after a success, a give-up or its leaving pending). */
    int failuresInARow(UUID jobId) {
        return failures.getOrDefault(jobId, 0);
    }

    private void failed(UUID jobId, Throwable cause) {
        int n = failures.merge(jobId, 1, Integer::sum);
        if (n < MAX_ATTEMPTS) {
            log.errorf(
                    cause,
                    "job %s: %s failed (attempt %d of %d), retried later: %s",
                    jobId,
                    what,
                    n,
                    MAX_ATTEMPTS,
                    describe(cause));
            return;
        }
        log.errorf(cause, "job %s: %s failed %d times, the job is ended: %s", jobId, what, n, describe(cause));
        try {
            giveUp.accept(jobId, cause);
            failures.remove(jobId);
        } catch (RuntimeException e) {
            log.errorf("job %s: cannot end it after its %s failed (tried again later): %s", jobId, what, describe(e));
        }
    }

    /**
     * A failure for a job's reason: its message, with the class named when it is an Error or has no message, and the
     * message of its root cause when that says something the message does not (the JDK's font manager reports a host
     * without fontconfig as {@code InternalError: java.lang.reflect.InvocationTargetException}, the cause's cause
     * saying "Fontconfig head is null").
     */
    static String describe(Throwable t) {
        String message = t.getMessage();
        String own;
        if (message == null || message.isBlank()) {
            own = t.getClass().getSimpleName();
        } else {
            own = t instanceof Error ? t.getClass().getSimpleName() + ": " + message : message;
        }
        Throwable root = t;
        for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 16; depth++) {
            root = root.getCause();
        }
        String rootMessage = root.getMessage();
        if (root == t || rootMessage == null || rootMessage.isBlank() || own.contains(rootMessage)) {
            return own;
        }
        return own + " (" + rootMessage + ")";
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
