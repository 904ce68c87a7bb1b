package io.darkroom.render;

import java.util.function.BooleanSupplier;

/**
 * What the worker tells the renderer about the attempt it runs.
 *
 * @param workerId  worker id, part of the attempt-unique output names
 * @param delivery  share-group delivery count of the task record, part of the output names
 * @param progress  called about once a second from the rendering thread (and once at the end)
 * @param cancelled polled between frames; true makes the render stop with {@code INTERNAL "cancelled"}
 * @param phases    told how long each step of a video segment took ({@link RenderPhase}), once the segment is
 *                  written
 */
public record RenderContext(
        String workerId,
        int delivery,
        ProgressListener progress,
        BooleanSupplier cancelled,
        RenderPhase.Listener phases) {

    public RenderContext {
        if (workerId == null || workerId.isBlank()) {
            throw new IllegalArgumentException("workerId is required");
        }
        progress = progress == null ? (done, total) -> {} : progress;
        cancelled = cancelled == null ? () -> false : cancelled;
        phases = phases == null ? (phase, nanos) -> {} : phases;
    }

    /** A context whose phase timings go nowhere. */
    public RenderContext(String workerId, int delivery, ProgressListener progress, BooleanSupplier cancelled) {
        this(workerId, delivery, progress, cancelled, null);
    }
}
