package io.darkroom.contracts;

import java.time.Instant;
import java.util.List;

/**
 * Sent by every render-worker every few seconds on {@code darkroom.workers.heartbeat} (compacted, key = workerId).
 * A null value (tombstone) for a key means the worker stopped cleanly.
 *
 * @param pool         the worker's own pool (the one it serves first)
 * @param slots        how many tasks it runs at once (over all pools)
 * @param busy         how many slots hold a task now (over all pools)
 * @param currentTasks ids of the tasks it holds
 * @param pools        optional (added later; null from older workers, read as {@code [{pool, slots, busy}]}): every
 *                     pool it takes work from, its own first, each with the slots that may take that pool's work and
 *                     how many of them hold that pool's work now
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
        Instant time,
        List<PoolSlots> pools) {

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
     * One pool a worker takes work from.
     *
     * @param pool  pool name ({@code darkroom.tasks.<pool>})
     * @param slots how many of the worker's slots may hold this pool's tasks at once (never more than its slots)
     * @param busy  how many of its slots hold this pool's tasks now
     */
    public record PoolSlots(String pool, int slots, int busy) {}

    /**
     * @param encoders video encoders available (libx264, ffv1, ...)
     * @param gpu      GPU model and memory as one line ("NVIDIA H100 80GB HBM3, 81559 MiB"), null when none
     * @param cpus     available processors
     * @param gpus     optional (added later; null when none or from older workers): each GPU's model and memory
     */
    public record Capabilities(List<String> encoders, String gpu, int cpus, List<Gpu> gpus) {}

    /**
     * @param model     the card's name as the driver reports it
     * @param memoryMiB its memory in MiB, null when unknown
     */
    public record Gpu(String model, Long memoryMiB) {}
}
