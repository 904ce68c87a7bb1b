package io.darkroom.render;

import io.darkroom.contracts.RenderTask;
import io.darkroom.contracts.TaskEvent;
import java.util.List;

/**
 * Executes one {@link RenderTask} on the calling thread: decodes, processes and encodes every output of the task,
 * writing attempt-unique files (a {@code .part} name first, renamed when closed). One task at a time per instance
 * call; implementations are safe to call from several worker threads at once (no shared mutable state).
 */
public interface TaskRenderer {

    /**
     * Renders the task.
     *
     * @return one file per output (per distinct preset for AUDIO tasks), in task output order
     * @throws RenderException classified failure; {@link RenderException#reason()} says whether a retry can help
     */
    List<TaskEvent.SegmentFile> render(RenderTask task, RenderContext ctx) throws RenderException;
}
