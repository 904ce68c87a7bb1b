package io.darkroom.render;

import io.darkroom.contracts.FailureReason;
import io.darkroom.contracts.RenderTask;
import io.darkroom.contracts.TaskEvent;
import io.darkroom.media.StorageRoots;
import java.util.List;
import java.util.Objects;

/**
 * Renders tasks in-process with JavaCV (FFmpeg's libraries). Stateless apart from the storage roots: one instance
 * may serve every slot of a worker.
 */
public final class JavacvTaskRenderer implements TaskRenderer {
    private final StorageRoots roots;

    public JavacvTaskRenderer(StorageRoots roots) {
        this.roots = Objects.requireNonNull(roots, "roots");
    }

    @Override
    public List<TaskEvent.SegmentFile> render(RenderTask task, RenderContext ctx) throws RenderException {
        throw new RenderException(FailureReason.INTERNAL, "not implemented yet");
    }
}
