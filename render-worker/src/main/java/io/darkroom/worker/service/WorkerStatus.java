package io.darkroom.worker.service;

import io.darkroom.contracts.WorkerHeartbeat.PoolSlots;
import io.darkroom.contracts.WorkerHeartbeat.WorkerState;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/** What the worker is doing now: its state, which slots hold which task, which slot consumers have joined. */
@ApplicationScoped
public class WorkerStatus {
    private final Map<Integer, String> tasksBySlot = new ConcurrentHashMap<>();
    /** The pool of the task each busy slot holds. */
    private final Map<Integer, String> poolBySlot = new ConcurrentHashMap<>();

    private volatile String ownPool;
    private volatile List<String> servedPools = List.of();
    private volatile int extraSlots;
    /** Permits for slots holding (or polling for) also-pool work: at most {@code extraSlots} at once. */
    private volatile Semaphore extraPermits = new Semaphore(0);

    private final Map<Integer, Boolean> slotsJoined = new ConcurrentHashMap<>();
    private final AtomicInteger slotsRunning = new AtomicInteger();
    private final AtomicInteger slotsStarted = new AtomicInteger();
    private volatile WorkerState state = WorkerState.UP;
    private volatile int slots;
    private volatile long graceDeadlineNanos = Long.MAX_VALUE;
    /** Drained through the control topic (POST /workers/{id}/drain): no new work, not shutting down. */
    private volatile boolean drainRequested;

    void expectSlots(int slots) {
        this.slots = slots;
    }

    /**
     * The pools this worker serves: its own first, then the also-pools, on which at most {@code extraSlots} slots may
     * hold work at once.
     */
    public void expectPools(String ownPool, List<String> servedPools, int extraSlots) {
        this.ownPool = ownPool;
        this.servedPools = List.copyOf(servedPools);
        this.extraSlots = extraSlots;
        this.extraPermits = new Semaphore(extraSlots);
    }

    /**
     * A slot wants to poll an also-pool (and keep what it gets): true when fewer than {@code extraSlots} slots do so
     * now. Every true must be followed by {@link #extraReleased()}.
     */
    public boolean tryTakeExtra() {
        return extraPermits.tryAcquire();
    }

    public void extraReleased() {
        extraPermits.release();
    }

    /**
     * Per served pool, for the heartbeat: the slots that may hold its work (all slots for the own pool,
     * {@code extraSlots} for an also-pool) and how many hold its work now.
     */
    public List<PoolSlots> poolSlots() {
        String own = ownPool;
        List<PoolSlots> out = new ArrayList<>();
        for (String pool : servedPools) {
            int busy = (int) poolBySlot.values().stream().filter(pool::equals).count();
            out.add(new PoolSlots(pool, pool.equals(own) ? slots : extraSlots, busy));
        }
        return out;
    }

    /** UP; DRAINING when drained by an operator or shutting down with running work; STOPPING at the end. */
    public WorkerState state() {
        WorkerState s = state;
        return s == WorkerState.UP && drainRequested ? WorkerState.DRAINING : s;
    }

    /** True once shutdown began: take no new work, and slot threads end. */
    public boolean stopping() {
        return state != WorkerState.UP;
    }

    /** Whether slots may take new records: not shutting down and not drained. */
    public boolean takingWork() {
        return !stopping() && !drainRequested;
    }

    /** An operator's Drain (true) or Undrain (false); returns whether it changed anything. */
    public boolean drainRequested(boolean drained) {
        boolean changed = drainRequested != drained;
        drainRequested = drained;
        return changed;
    }

    public boolean drainRequested() {
        return drainRequested;
    }

    void drain(long graceDeadlineNanos) {
        this.graceDeadlineNanos = graceDeadlineNanos;
        this.state = WorkerState.DRAINING;
    }

    void stopped() {
        this.state = WorkerState.STOPPING;
    }

    /** While draining: whether the grace period for running renders is over. */
    public boolean graceOver(long nowNanos) {
        return stopping() && nowNanos - graceDeadlineNanos >= 0;
    }

    public void slotStarted(int slot) {
        slotsStarted.incrementAndGet();
        slotsRunning.incrementAndGet();
    }

    public void slotEnded(int slot) {
        slotsRunning.decrementAndGet();
        slotsJoined.remove(slot);
    }

    /** The slot's consumer subscribed and completed a poll: it is a member of the share group. */
    public void slotJoined(int slot) {
        slotsJoined.put(slot, Boolean.TRUE);
    }

    public int slotsRunning() {
        return slotsRunning.get();
    }

    /** False when a slot thread ended while the worker was not stopping (its consumer failed for good). */
    public boolean noSlotDied() {
        return stopping() || slotsRunning.get() >= slotsStarted.get();
    }

    public boolean allSlotsJoined() {
        return slots > 0 && slotsJoined.size() == slots;
    }

    public int slots() {
        return slots;
    }

    /** A slot took a task of a pool. */
    public void taskStarted(int slot, String taskId, String pool) {
        poolBySlot.put(slot, pool);
        tasksBySlot.put(slot, taskId);
    }

    public void taskEnded(int slot) {
        tasksBySlot.remove(slot);
        poolBySlot.remove(slot);
    }

    public int busy() {
        return tasksBySlot.size();
    }

    public List<String> currentTasks() {
        return tasksBySlot.values().stream().sorted().toList();
    }
}
