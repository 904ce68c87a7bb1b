package io.darkroom.render;

import java.util.function.BooleanSupplier;

/**
 * What the worker tells the renderer about the attempt it runs.
 *
 * @param workerId  worker id, part of the attempt-unique output names
 * @param delivery  share-group delivery count of the task record, part of the output names
 * @param progress  called about once a second from the rendering thread (and once at the end)
 * @param cancelled polled between frames; true makes the render stop with {@code INTERNAL "cancelled"}
 */
public record RenderContext(String workerId, int delivery, ProgressListener progress, BooleanSupplier cancelled) {

    public RenderContext {
        if (workerId == null || workerId.isBlank()) {
            throw new IllegalArgumentException("workerId is required");
        }
        progress = progress == null ? (done, total) -> {} : progress;
        cancelled = cancelled == null ? () -> false : cancelled;
    }
}
