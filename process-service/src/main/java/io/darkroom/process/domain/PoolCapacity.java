package io.darkroom.process.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * How many tasks a pool may have published and not yet started (the metering), when workers may lend idle slots to
 * other pools ({@code darkroom.worker.also-pools} on the worker). Pure: see service/DESIGN.md, "Pools".
 *
 * <p>Every slot counts once. A worker's free slots serve its own pool first; they count towards another pool it also
 * serves only as far as its own pool cannot use them now (its pool's free slots beyond that pool's published and
 * pending tasks, and beyond what other pools' published tasks already occupy), and never beyond the slots it gives
 * that pool minus those busy with it. Published tasks of a pool beyond its own workers' free slots occupy lent slots,
 * attributed to the lending pools in name order.
 */
public final class PoolCapacity {

    /**
     * A live worker that takes work (state UP, heartbeat within the timeout).
     *
     * @param pool   its own pool
     * @param free   its free slots over all pools: slots - busy - started but not yet in its heartbeat, at least 0
     * @param others the other pools it serves: pool -> slots it may give that pool minus those busy with it
     */
    public record Worker(String pool, long free, Map<String, Long> others) {}

    private final List<Worker> workers;
    private final Map<String, Long> published;
    private final Map<String, Long> pending;

    /**
     * @param published per pool, tasks PUBLISHED (acknowledged by the broker, not started by anyone)
     * @param pending   per pool, PENDING tasks that could be dispatched now
     */
    public PoolCapacity(List<Worker> workers, Map<String, Long> published, Map<String, Long> pending) {
        this.workers = List.copyOf(workers);
        this.published = Map.copyOf(published);
        this.pending = Map.copyOf(pending);
    }

    /** How many more tasks {@code pool} may publish now (at most 0 when it has no room). */
    public long free(String pool) {
        long ownFree = own(pool);
        long borrowed = 0;
        for (String lender : lenders(pool)) {
            long spare = own(lender) - pub(lender) - pend(lender) - lentOut(lender, pool);
            borrowed += Math.min(lendable(lender, pool), Math.max(0, spare));
        }
        return ownFree + borrowed - pub(pool) - lentOut(pool, null);
    }

    /** Whether any live worker takes work of {@code pool} at all (own or lent slots), busy or not. */
    public boolean served(String pool) {
        return workers.stream()
                .anyMatch(w -> w.pool().equals(pool) || w.others().containsKey(pool));
    }

    /**
     * Tasks the pool keeps published beyond its free slots: {@code perWorker} for each live worker of its own (each
     * finishing worker finds its next task waiting rather than idling for a dispatch round trip), {@code perWorker}
     * when only lending workers serve it, none when nobody serves it.
     */
    public long lookahead(String pool, int perWorker) {
        if (perWorker <= 0 || !served(pool)) {
            return 0;
        }
        long own = workers.stream().filter(w -> w.pool().equals(pool)).count();
        return (long) perWorker * Math.max(1, own);
    }

    /** Free slots of the pool's own workers. */
    private long own(String pool) {
        return workers.stream()
                .filter(w -> w.pool().equals(pool))
                .mapToLong(Worker::free)
                .sum();
    }

    /** Slots of {@code lender}'s workers that could take {@code borrower}'s work now. */
    private long lendable(String lender, String borrower) {
        long n = 0;
        for (Worker w : workers) {
            if (w.pool().equals(lender) && w.others().containsKey(borrower)) {
                n += Math.min(w.free(), Math.max(0, w.others().get(borrower)));
            }
        }
        return n;
    }

    /** Pools whose workers lend slots to {@code borrower}, in name order. */
    private TreeSet<String> lenders(String borrower) {
        TreeSet<String> out = new TreeSet<>();
        for (Worker w : workers) {
            if (!w.pool().equals(borrower) && w.others().containsKey(borrower)) {
                out.add(w.pool());
            }
        }
        return out;
    }

    /**
     * Free slots of {@code lender}'s workers that published tasks of other pools (except {@code except}) occupy: each
     * borrower's published tasks beyond its own free slots, attributed to its lenders in name order.
     */
    private long lentOut(String lender, String except) {
        TreeSet<String> borrowers = new TreeSet<>();
        for (Worker w : workers) {
            if (w.pool().equals(lender)) {
                borrowers.addAll(w.others().keySet());
            }
        }
        long total = 0;
        for (String borrower : borrowers) {
            if (borrower.equals(except) || borrower.equals(lender)) {
                continue;
            }
            long overflow = Math.max(0, pub(borrower) - own(borrower));
            for (String l : new ArrayList<>(lenders(borrower))) {
                long used = Math.min(overflow, lendable(l, borrower));
                if (l.equals(lender)) {
                    total += used;
                    break;
                }
                overflow -= used;
            }
        }
        return total;
    }

    private long pub(String pool) {
        return published.getOrDefault(pool, 0L);
    }

    private long pend(String pool) {
        return pending.getOrDefault(pool, 0L);
    }
}
