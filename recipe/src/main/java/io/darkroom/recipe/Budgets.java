package io.darkroom.recipe;

import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.OutputSpec;
import io.darkroom.contracts.Recipe;
import io.darkroom.recipe.geometry.OutputGeometry;
import java.util.ArrayList;
import java.util.List;

/**
 * A site's limits on what one job may ask, checked at submit (ingest, 422 {@link Problem#OVER_BUDGET}) and again at
 * planning (process-service), never discovered by a worker: the pixels of each output after all its ops, the pixels
 * of each source, and the tasks a job plans into (one per segment of each clip, plus its audio task).
 *
 * @param outputPixels        most pixels of one output frame (default 8192 x 8192)
 * @param sourcePixels        most pixels of one source frame (default 16384 x 16384)
 * @param tasksPerJob         most tasks one job plans into (default 20,000)
 * @param defaultSegmentFrames the planner's segment length for a recipe that names none (counting tasks)
 */
public record Budgets(long outputPixels, long sourcePixels, int tasksPerJob, int defaultSegmentFrames) {
    public static final long DEFAULT_OUTPUT_PIXELS = 8192L * 8192;
    /**
     * {@code darkroom.budgets.source-pixels} by default (16384 x 16384), as configuration text: the one value the
     * services' settings (ingest, process, worker) default to. The worker's decoder and ingest's probe give it to
     * FFmpeg as {@code max_pixels}.
     */
    public static final String SOURCE_PIXELS_DEFAULT = "268435456";

    public static final long DEFAULT_SOURCE_PIXELS = Long.parseLong(SOURCE_PIXELS_DEFAULT);
    public static final int DEFAULT_TASKS_PER_JOB = 20_000;
    public static final int DEFAULT_SEGMENT_FRAMES = 300;
    public static final Budgets DEFAULTS =
            new Budgets(DEFAULT_OUTPUT_PIXELS, DEFAULT_SOURCE_PIXELS, DEFAULT_TASKS_PER_JOB, DEFAULT_SEGMENT_FRAMES);

    public Budgets {
        if (outputPixels < 1 || sourcePixels < 1 || tasksPerJob < 1 || defaultSegmentFrames < 1) {
            throw new IllegalArgumentException("budgets must be positive: output-pixels " + outputPixels
                    + ", source-pixels " + sourcePixels + ", tasks-per-job " + tasksPerJob + ", segment frames "
                    + defaultSegmentFrames);
        }
    }

    /** Every budget the job breaks, each naming its field, the size it asked and the site's limit. */
    public List<Violation> check(Recipe recipe, List<MediaInfo> media) {
        List<Violation> out = new ArrayList<>();
        for (int s = 0; s < media.size(); s++) {
            MediaInfo m = media.get(s);
            long px = (long) m.width() * m.height();
            if (px > sourcePixels) {
                out.add(Violation.of(
                        "sources[" + s + "]",
                        Problem.OVER_BUDGET,
                        "sources[" + s + "] is " + m.width()
                                + "x" + m.height() + " (" + mpx(px) + "); this site takes sources up to "
                                + mpx(sourcePixels)
                                + " (darkroom.budgets.source-pixels)."));
            }
        }
        if (!out.isEmpty() || recipe == null || recipe.outputs() == null) {
            return out;
        }
        for (int i = 0; i < recipe.outputs().size(); i++) {
            OutputSpec o = recipe.outputs().get(i);
            for (int s = 0; o != null && s < media.size(); s++) {
                OutputGeometry.Size size;
                try {
                    size = OutputGeometry.of(media.get(s), recipe, o).size();
                } catch (IllegalArgumentException e) {
                    break; // a broken box or op is reported by the recipe rules
                }
                long px = (long) size.width() * size.height();
                if (px > outputPixels) {
                    out.add(Violation.of(
                            "recipe.outputs[" + i + "]",
                            Problem.OVER_BUDGET,
                            "Output '" + o.name()
                                    + "' of sources[" + s + "] comes out at " + size + " (" + mpx(px)
                                    + ") after its ops; this"
                                    + " site renders outputs up to " + mpx(outputPixels)
                                    + " (darkroom.budgets.output-pixels)."));
                    break;
                }
            }
        }
        long tasks = tasks(recipe, media);
        if (tasks > tasksPerJob) {
            out.add(Violation.of(
                    "recipe.segmentFrames",
                    Problem.OVER_BUDGET,
                    "The job plans into " + tasks
                            + " tasks; this site takes at most " + tasksPerJob
                            + " per job (darkroom.budgets.tasks-per-job):"
                            + " raise segmentFrames or split the job."));
        }
        return out;
    }

    /** The tasks a job plans into: each clip's segments (the recipe's segmentFrames, else the default) and audio. */
    public long tasks(Recipe recipe, List<MediaInfo> media) {
        int seg = recipe != null && recipe.segmentFrames() != null && recipe.segmentFrames() > 0
                ? recipe.segmentFrames()
                : defaultSegmentFrames;
        long tasks = 0;
        for (MediaInfo m : media) {
            tasks += Math.max(1, (Math.max(0, m.frameCount()) + seg - 1) / seg) + (m.audioStreams() > 0 ? 1 : 0);
        }
        return tasks;
    }

    private static String mpx(long pixels) {
        return String.format(java.util.Locale.ROOT, "%.1f Mpx", pixels / 1_000_000.0);
    }
}
