package io.darkroom.contracts;

import java.time.Instant;
import java.util.List;

/**
 * Sent by every render-worker every few seconds on {@code darkroom.workers.heartbeat} (compacted, key = workerId).
 * A null value (tombstone) for a key means the worker stopped cleanly.
 *
 * @param slots        how many tasks it runs at once
 * @param busy         how many slots hold a task now
 * @param currentTasks ids of the tasks it holds
 */
public record WorkerHeartbeat(
        String workerId,
        String host,
        String pool,
        int slots,
        int busy,
        WorkerState state,
        Capabilities capabilities,
        List<String> currentTasks,
        Instant time) {

    /** Worker lifecycle as the worker itself reports it. */
    public enum WorkerState {
        /** Taking work. */
        UP,
        /** Finishing what it holds, taking nothing new. */
        DRAINING,
        /** Shutting down; anything unfinished was released. */
        STOPPING
    }

    /**
     * @param encoders video encoders available (libx264, ffv1, ...)
     * @param gpu      GPU model and memory, null when none
     * @param cpus     available processors
     */
    public record Capabilities(List<String> encoders, String gpu, int cpus) {
    }
}
