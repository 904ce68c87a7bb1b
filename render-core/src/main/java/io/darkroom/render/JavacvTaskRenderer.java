package io.darkroom.render;

import io.darkroom.contracts.FailureReason;
import io.darkroom.contracts.RenderTask;
import io.darkroom.contracts.TaskEvent;
import io.darkroom.media.StorageRoots;
import io.darkroom.render.ops.FilterGraphBuilder;
import io.darkroom.render.ops.OpsEnvironment;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.bytedeco.javacpp.PointerScope;
import org.jboss.logging.Logger;

/**
 * Renders tasks in-process with JavaCV (FFmpeg's libraries). Holds no per-task state: one instance may serve every
 * slot of a worker, each slot calling {@link #render} from its own thread.
 */
public final class JavacvTaskRenderer implements TaskRenderer {
    private static final Logger LOG = Logger.getLogger(JavacvTaskRenderer.class);
    /** FFmpeg threads of a task's decoder and of each of its encoders ("0" = as many as FFmpeg likes). */
    public static final String DEFAULT_DECODER_THREADS = "0";

    private final StorageRoots roots;
    private final VideoSegmentRenderer video;
    private final AudioRenderer audio;

    public JavacvTaskRenderer(StorageRoots roots) {
        this(roots, DEFAULT_DECODER_THREADS);
    }

    public JavacvTaskRenderer(StorageRoots roots, String decoderThreads) {
        this(roots, decoderThreads, defaultOpsWorkDir());
    }

    /**
     * @param opsWorkDir folder for what recipe ops need on this machine: baked LUTs ({@code luts/}) and burn-in text
     *                   files ({@code text/}), content-addressed, safe to share between slots and keep across
     *                   restarts; created on first use
     */
    public JavacvTaskRenderer(StorageRoots roots, String decoderThreads, Path opsWorkDir) {
        this(roots, decoderThreads, opsWorkDir, Upscalers.fromSystemProperty());
    }

    /**
     * @param upscalers the worker's model cache for upscale ops (models loaded once, kept for the process);
     *                  {@link Upscalers#fromSystemProperty} reads {@code darkroom.models.dir}
     */
    public JavacvTaskRenderer(StorageRoots roots, String decoderThreads, Path opsWorkDir, Upscalers upscalers) {
        this(roots, decoderThreads, opsWorkDir, upscalers, io.darkroom.recipe.Budgets.DEFAULT_SOURCE_PIXELS);
    }

    /**
     * @param sourcePixels most pixels of one source picture ({@code darkroom.budgets.source-pixels}): the decoder's
     *                     FFmpeg {@code max_pixels}; a stream that claims bigger pictures fails its task
     */
    public JavacvTaskRenderer(
            StorageRoots roots, String decoderThreads, Path opsWorkDir, Upscalers upscalers, long sourcePixels) {
        this.roots = Objects.requireNonNull(roots, "roots");
        this.video = new VideoSegmentRenderer(
                roots,
                new VideoDecoder.Settings(decoderThreads, sourcePixels),
                new FilterGraphBuilder(
                        OpsEnvironment.of(Objects.requireNonNull(opsWorkDir, "opsWorkDir"), roots::resolveExisting)),
                Objects.requireNonNull(upscalers, "upscalers"));
        this.audio = new AudioRenderer(roots);
    }

    @Override
    public List<TaskEvent.SegmentFile> render(RenderTask task, RenderContext ctx) throws RenderException {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(ctx, "ctx");
        String label = label(task);
        long started = System.nanoTime();
        try (PointerScope scope = new PointerScope()) {
            if (task.outputs() == null || task.outputs().isEmpty()) {
                throw new RenderException(FailureReason.UNSUPPORTED, label + ": the task names no output", null);
            }
            Path source = roots.resolveExisting(task.source());
            List<TaskEvent.SegmentFile> files =
                    switch (task.kind()) {
                        case VIDEO_SEGMENT -> video.render(task, ctx, source, label);
                        case AUDIO -> audio.render(task, ctx, source, label);
                        // the worker completes no-op tasks itself (bench and tests only): nothing to render here
                        case NOOP ->
                            throw new RenderException(
                                    FailureReason.UNSUPPORTED, label + ": a no-op task is not rendered", null);
                    };
            LOG.infof(
                    "%s: rendered %d file(s) in %d ms", label, files.size(), (System.nanoTime() - started) / 1_000_000);
            return files;
        } catch (Throwable t) {
            RenderException e = Failures.classify(t, label);
            LOG.warnf("%s: failed (%s): %s", label, e.reason(), e.getMessage());
            if (t instanceof Error && !(t instanceof OutOfMemoryError)) {
                throw (Error) t;
            }
            throw e;
        }
    }

    /** {@code <java.io.tmpdir>/darkroom-ops-<user>}: the ops work folder when none is given. */
    public static Path defaultOpsWorkDir() {
        return Path.of(System.getProperty("java.io.tmpdir"), "darkroom-ops-" + System.getProperty("user.name", "x"));
    }

    /** "job J task T: VIDEO_SEGMENT #3 [a, b) us of media:clip.mp4" — every log line and failure message uses it. */
    static String label(RenderTask task) {
        String range = task.kind() == RenderTask.TaskKind.AUDIO
                ? "audio"
                : "segment " + task.segmentIndex() + " [" + task.startUs() + ", "
                        + (task.endUs() == Long.MAX_VALUE ? "end" : Long.toString(task.endUs())) + ") us";
        return "job " + task.jobId() + " task " + task.taskId() + " attempt " + task.attempt() + ": " + range + " of "
                + task.source();
    }
}
