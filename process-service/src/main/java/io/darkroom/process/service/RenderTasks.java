package io.darkroom.process.service;

import io.darkroom.contracts.RenderTask;
import io.darkroom.contracts.RenderTask.TaskKind;
import io.darkroom.contracts.SourceRef;
import io.darkroom.process.domain.ClipRow;
import io.darkroom.process.domain.JobRow;
import io.darkroom.process.domain.TaskRow;
import io.darkroom.recipe.geometry.SourceGeometry;

/** Builds the RenderTask message of a task's current attempt. */
public final class RenderTasks {
    /** Storage root that attempt outputs are written to. */
    public static final String WORK_ROOT = "work";

    private RenderTasks() {}

    /**
     * The task's current attempt, with its clip's outputs (effective ops per output, geometry fixed at planning) and
     * the burn-in context: clip name, the recipe's show, the job date fixed at planning and the source start
     * timecode; and the source picture adjustments (VBI crop, desqueeze, display matrix reflection) from
     * {@link SourceGeometry}.
     */
    public static RenderTask of(TaskRow task, ClipRow clip, JobRow job) {
        return new RenderTask(
                RenderTask.SCHEMA,
                task.id().toString(),
                task.jobId().toString(),
                clip.id().toString(),
                task.attempt(),
                task.kind(),
                clip.source(),
                task.segmentIndex(),
                task.startUs(),
                task.endUs(),
                task.expectedFrames(),
                clip.media().fpsNum(),
                clip.media().fpsDen(),
                clip.media().rotation(),
                clip.renderOutputs(),
                outputPrefix(task),
                clip.clipName(),
                job.recipe() == null ? null : job.recipe().show(),
                job.date(),
                clip.media().timecode(),
                SourceGeometry.picture(clip.media(), job.recipe()));
    }

    /** {@code work:jobs/<jobId>/<clipId>/seg-00007} for segment 7, {@code .../audio} for the audio task. */
    public static SourceRef outputPrefix(TaskRow task) {
        String base = "jobs/" + task.jobId() + "/" + task.clipId() + "/";
        return new SourceRef(
                WORK_ROOT,
                task.kind() == TaskKind.AUDIO ? base + "audio" : base + String.format("seg-%05d", task.segmentIndex()));
    }
}
