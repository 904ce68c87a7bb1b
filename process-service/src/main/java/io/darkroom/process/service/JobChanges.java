package io.darkroom.process.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wakes the requests waiting for a job's state to change ({@code GET /jobs/{id}?whileState=S&wait=N}): every job
 * event this instance commits calls {@link #changed}. Only this instance's changes are seen; a waiter must look at
 * the catalog again when its wait ends, whatever woke it. Waiters hold no thread, only a future, and at most
 * {@link #MAX_WAITERS} wait at once ({@link #next} answers null beyond that: the caller answers at once).
 */
@ApplicationScoped
public class JobChanges {
    /** Requests waiting at once, across all jobs: beyond this a request is answered without waiting. */
    public static final int MAX_WAITERS = 1000;

    private final ConcurrentHashMap<UUID, Set<Waiter>> waiting = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();

    /** One waiting request: {@link #woken()} completes at the job's next change on this instance. */
    public static final class Waiter {
        private final CompletableFuture<Void> woken = new CompletableFuture<>();
        private final AtomicBoolean ended = new AtomicBoolean();

        public CompletableFuture<Void> woken() {
            return woken;
        }
    }

    /**
     * Registers a waiter for the job's next change on this instance; null when {@link #MAX_WAITERS} wait already.
     * Register before reading the job, so that a change in between is not missed; {@link #forget} the waiter once
     * its wait ended, however it ended.
     */
    public Waiter next(UUID jobId) {
        if (count.incrementAndGet() > MAX_WAITERS) {
            count.decrementAndGet();
            return null;
        }
        Waiter w = new Waiter();
        waiting.compute(jobId, (id, set) -> {
            Set<Waiter> s = set == null ? ConcurrentHashMap.newKeySet() : set;
            s.add(w);
            return s;
        });
        return w;
    }

    /** The job's state changed (its event committed): every waiter of it wakes. */
    public void changed(UUID jobId) {
        Set<Waiter> woken = waiting.remove(jobId);
        if (woken != null) {
            woken.forEach(w -> w.woken.complete(null));
        }
    }

    /** The waiter's wait ended (woken, timed out or abandoned): it no longer counts. Idempotent. */
    public void forget(UUID jobId, Waiter w) {
        if (!w.ended.compareAndSet(false, true)) {
            return;
        }
        waiting.computeIfPresent(jobId, (id, set) -> {
            set.remove(w);
            return set.isEmpty() ? null : set;
        });
        count.decrementAndGet();
    }

    /** Requests waiting now (all jobs). */
    public int waiting() {
        return count.get();
    }

    /** Requests waiting now for this job's change. */
    public int waiting(UUID jobId) {
        Set<Waiter> s = waiting.get(jobId);
        return s == null ? 0 : s.size();
    }
}
