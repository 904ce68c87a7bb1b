package io.darkroom.worker.service;

import io.darkroom.contracts.WorkerHeartbeat.WorkerState;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** What the worker is doing now: its state, which slots hold which task, which slot consumers have joined. */
@ApplicationScoped
public class WorkerStatus {
    private final Map<Integer, String> tasksBySlot = new ConcurrentHashMap<>();
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

    public void taskStarted(int slot, String taskId) {
        tasksBySlot.put(slot, taskId);
    }

    public void taskEnded(int slot) {
        tasksBySlot.remove(slot);
    }

    public int busy() {
        return tasksBySlot.size();
    }

    public List<String> currentTasks() {
        return tasksBySlot.values().stream().sorted().toList();
    }
}
