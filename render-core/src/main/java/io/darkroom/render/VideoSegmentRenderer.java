package io.darkroom.render;

import io.darkroom.contracts.FailureReason;
import io.darkroom.contracts.Preset;
import io.darkroom.contracts.RenderTask;
import io.darkroom.contracts.TaskEvent;
import io.darkroom.contracts.ops.Op;
import io.darkroom.media.StorageRoots;
import io.darkroom.models.upscale.TiledUpscaler;
import io.darkroom.recipe.ops.BurnInContext;
import io.darkroom.recipe.ops.OpsException;
import io.darkroom.render.ops.FilterGraph;
import io.darkroom.render.ops.FilterGraphBuilder;
import io.darkroom.render.ops.SourceTraits;
import io.darkroom.render.ops.Target;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameFilter;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;
import org.jboss.logging.Logger;

/**
 * Renders one VIDEO_SEGMENT: positions the decoder at or before startUs, keeps the frames with
 * {@code startUs <= Frame.timestamp < endUs}, pushes each through every output's filter graph and encoder.
 */
final class VideoSegmentRenderer {
    private static final Logger LOG = Logger.getLogger(VideoSegmentRenderer.class);

    private final StorageRoots roots;
    private final VideoDecoder.Settings decoding;
    private final FilterGraphBuilder graphs;
    private final Upscalers upscalers;

    VideoSegmentRenderer(
            StorageRoots roots, VideoDecoder.Settings decoding, FilterGraphBuilder graphs, Upscalers upscalers) {
        this.upscalers = upscalers;
        this.roots = roots;
        this.decoding = decoding;
        this.graphs = graphs;
    }

    List<TaskEvent.SegmentFile> render(RenderTask task, RenderContext ctx, Path source, String label)
            throws RenderException, FrameGrabber.Exception, FrameFilter.Exception, FrameRecorder.Exception,
                    OpsException {
        if (task.fpsNum() <= 0 || task.fpsDen() <= 0) {
            throw new RenderException(FailureReason.UNSUPPORTED, label + ": no output frame rate in the task");
        }
        checkOutputs(task, label);
        boolean fromStart = task.segmentIndex() == 0;
        long t0 = System.nanoTime();
        SegmentWindow.Positioned pos = SegmentWindow.open(
                source,
                decoding,
                task.startUs(),
                fromStart,
                task.fpsDen() > 0 ? (double) task.fpsNum() / task.fpsDen() : 0,
                label);
        long opened = System.nanoTime();
        Map<String, OutputGroup> groups = new LinkedHashMap<>();
        boolean done = false;
        try (VideoDecoder decoder = pos.decoder()) {
            long[] setup = new long[1];
            long kept = decodeRange(task, ctx, decoder, pos.first(), groups, label, setup);
            long decoded = System.nanoTime();
            for (OutputGroup g : groups.values()) {
                g.flush();
            }
            checkFrames(task, kept, label);
            logUpscales(groups, label);
            List<TaskEvent.SegmentFile> files = finish(task, groups);
            done = true;
            RenderPhase.Listener phases = ctx.phases();
            phases.onPhase(RenderPhase.OPEN, opened - t0);
            phases.onPhase(RenderPhase.SETUP, setup[0]);
            phases.onPhase(RenderPhase.FRAMES, decoded - opened - setup[0]);
            phases.onPhase(RenderPhase.CLOSE, System.nanoTime() - decoded);
            return files;
        } finally {
            closeGroups(groups, done);
        }
    }

    /** Refuses, before decoding anything, quality overrides and sizes the presets' encoders do not take. */
    private static void checkOutputs(RenderTask task, String label) throws RenderException {
        for (RenderTask.RenderOutput out : task.outputs()) {
            Preset preset = Presets.require(out.preset(), task);
            var problem = preset.crfProblem(out.crf()).or(() -> preset.sizeProblem(out.width(), out.height()));
            if (problem.isPresent()) {
                throw new RenderException(
                        FailureReason.UNSUPPORTED, label + ": output " + out.name() + ": " + problem.get(), null);
            }
        }
    }

    /**
     * What the ops graph builder needs to know about the decoded pictures: the decoder's own pixel format, range,
     * matrix, transfer, primaries, pixel aspect and the stream's field order; the task's rotation and source picture
     * adjustments (VBI crop, pixel aspect from a desqueeze, display matrix reflection).
     */
    static SourceTraits traits(RenderTask task, VideoDecoder.SourceFormat in) {
        String pixFmt = avutil.av_get_pix_fmt_name(in.pixelFormat()).getString();
        return new SourceTraits(
                        in.width(),
                        in.height(),
                        in.sarNum(),
                        in.sarDen(),
                        task.rotation(),
                        pixFmt,
                        in.fullRange(),
                        in.colorSpace(),
                        SourceTraits.FieldOrder.fromFfprobe(in.fieldOrder()),
                        in.colorTransfer(),
                        in.colorPrimaries())
                .withPicture(task.picture());
    }

    /**
     * The ops chain is used for an output with ops, and for every output of an HDR (tone map) or interlaced
     * (deinterlace) source; everything else keeps the plain rotate / scale / format chain.
     */
    static boolean needsOpsChain(RenderTask.RenderOutput out, SourceTraits src) {
        return out.hasOps() || src.hdr() || src.interlaced();
    }

    /**
     * @param primed whether the graphs will see a primer frame first (the frame before the segment, {@link
     *               OutputGroup#prime}): their frame counter then starts one frame earlier
     */
    private void openOutputs(
            RenderTask task,
            RenderContext ctx,
            VideoDecoder.SourceFormat in,
            long clipStartUs,
            Map<String, OutputGroup> groups,
            String label,
            boolean primed)
            throws RenderException, FrameFilter.Exception, FrameRecorder.Exception, OpsException {
        SourceTraits src = traits(task, in);
        BurnInContext burnIn = new BurnInContext(
                task.clipName(),
                task.show(),
                task.jobDate(),
                task.sourceTimecode(),
                task.fpsNum(),
                task.fpsDen(),
                BurnInContext.firstFrame(task.startUs(), clipStartUs, task.fpsNum(), task.fpsDen()) - (primed ? 1 : 0));
        for (RenderTask.RenderOutput out : task.outputs()) {
            Preset preset = Presets.require(out.preset(), task);
            FilterGraph ops = null;
            String graph;
            Op upscaleOp = upscaleOp(out.ops());
            UpscaleStage stage = null;
            Map<String, String> metadata = Map.of();
            if (upscaleOp != null) {
                // ops (all but the upscale) -> rgb48le at the size they leave -> upscaler -> output size / pix_fmt
                List<Op> pre = out.ops().stream().filter(o -> !isUpscale(o)).toList();
                int[] natural = FilterGraphBuilder.naturalSize(pre, src);
                ops = graphs.build(pre, src, new Target(natural[0], natural[1], "rgb48le"), burnIn);
                Upscalers.Loaded loaded = upscalers.get(upscaleOp, out.modelSha256(), label);
                graph = ops.graph() + " | " + loaded.model() + " x"
                        + loaded.upscaler().scale() + " | "
                        + UpscaleStage.postGraph(out.width(), out.height(), preset.pixelFormat());
                metadata = provenance(loaded);
                OutputGroup group = groups.get(graph);
                if (group == null) {
                    stage = UpscaleStage.start(
                            loaded,
                            natural[0],
                            natural[1],
                            out.width(),
                            out.height(),
                            preset.pixelFormat(),
                            task.fpsDen() > 0 ? (double) task.fpsNum() / task.fpsDen() : 25);
                    try {
                        group = new OutputGroup(
                                graph,
                                VideoFilterChain.start(ops.graph(), in),
                                in.pixelFormat(),
                                avutil.av_get_pix_fmt(preset.pixelFormat()),
                                stage);
                    } catch (FrameFilter.Exception | RuntimeException e) {
                        stage.close();
                        throw e;
                    }
                    groups.put(graph, group);
                    LOG.infof("%s: output %s: %s", label, out.name(), stage.describe());
                }
                addOutput(task, ctx, out, preset, ops, metadata, group, upscaledBy(group.upscale()));
                continue;
            }
            if (needsOpsChain(out, src)) {
                int[] sar = out.sar();
                ops = graphs.build(
                        out.ops(),
                        src,
                        new Target(out.width(), out.height(), preset.pixelFormat(), sar[0], sar[1]),
                        burnIn);
                graph = ops.graph();
                LOG.debugf("%s: output %s: ops graph %s", label, out.name(), graph);
            } else {
                graph = VideoFilterChain.describe(
                        src, out.width(), out.height(), in.fullRange(), preset.pixelFormat(), out.sar());
            }
            OutputGroup group = groups.get(graph);
            if (group == null) {
                group = new OutputGroup(
                        graph,
                        VideoFilterChain.start(graph, in),
                        in.pixelFormat(),
                        avutil.av_get_pix_fmt(preset.pixelFormat()));
                groups.put(graph, group);
            }
            addOutput(task, ctx, out, preset, ops, metadata, group, null);
        }
    }

    /**
     * What runs the group's upscale: the execution provider of the ONNX Runtime session that was really opened
     * (after any CUDA-to-CPU fallback), or "java" for lanczos. Goes into the output's {@code SegmentFile.upscaledBy}.
     */
    static String upscaledBy(UpscaleStage stage) {
        if (stage == null) {
            return null;
        }
        Upscalers.Loaded l = stage.loaded();
        return l.upscaler() instanceof TiledUpscaler t ? t.executionProvider() : l.executionProvider();
    }

    private void addOutput(
            RenderTask task,
            RenderContext ctx,
            RenderTask.RenderOutput out,
            Preset preset,
            FilterGraph ops,
            Map<String, String> metadata,
            OutputGroup group,
            String upscaledBy)
            throws RenderException, FrameRecorder.Exception {
        OutputFile file = OutputFile.create(
                roots,
                task.outputPrefix(),
                out.name(),
                task.attempt(),
                ctx.delivery(),
                ctx.workerId(),
                preset.extension());
        try {
            group.add(new EncodedOutput(
                    file,
                    VideoEncoders.start(
                            file.partPath(),
                            preset,
                            out,
                            task.fpsNum(),
                            task.fpsDen(),
                            ops,
                            metadata,
                            decoding.threads()),
                    task.fpsNum(),
                    task.fpsDen(),
                    upscaledBy));
        } catch (FrameRecorder.Exception | RuntimeException e) {
            file.discard();
            throw e;
        }
    }

    static boolean isUpscale(Op op) {
        return op instanceof Op.Upscale || op instanceof Op.LanczosUpscale;
    }

    /** The output's upscale / lanczosUpscale op, or null (the validator allows at most one). */
    static Op upscaleOp(List<Op> ops) {
        if (ops == null) {
            return null;
        }
        return ops.stream().filter(VideoSegmentRenderer::isUpscale).findFirst().orElse(null);
    }

    /**
     * Container metadata of an upscaled output: {@code comment} = {@code darkroom-ai:<model>@<sha256 prefix>}
     * (or {@code darkroom-upscale:lanczos3}), and {@code darkroom_upscale} with the model, version, full sha256 and
     * the execution provider that ran it.
     */
    static Map<String, String> provenance(Upscalers.Loaded l) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("comment", l.tag());
        m.put(
                "darkroom_upscale",
                "model=" + l.model() + ";version=" + l.version() + ";sha256=" + l.sha256() + ";scale="
                        + l.upscaler().scale() + ";ep=" + l.executionProvider());
        return m;
    }

    /** Decodes the range from {@code first} on; {@code setupNanos[0]} gets the time the outputs took to set up. */
    private long decodeRange(
            RenderTask task,
            RenderContext ctx,
            VideoDecoder decoder,
            Frame first,
            Map<String, OutputGroup> groups,
            String label,
            long[] setupNanos)
            throws RenderException, FrameGrabber.Exception, FrameFilter.Exception, FrameRecorder.Exception,
                    OpsException {
        ProgressReporter progress = new ProgressReporter(ctx.progress(), task.expectedFrames());
        long kept = 0;
        long dropped = 0;
        Boolean interlaced = null;
        Frame previous = null; // an interlaced source's frame before the segment: primes the deinterlacer
        try {
            for (Frame f = first; f != null; f = decoder.next()) {
                if (ctx.cancelled().getAsBoolean()) {
                    throw new RenderException(FailureReason.INTERNAL, "cancelled", null);
                }
                if (interlaced == null) {
                    interlaced = traits(task, decoder.formatOf(f)).interlaced();
                }
                if (f.timestamp < task.startUs()) {
                    dropped++;
                    if (interlaced) {
                        if (previous != null) {
                            previous.close();
                        }
                        previous = decoder.packed(f).clone();
                    }
                    continue;
                }
                if (f.timestamp >= task.endUs()) {
                    if (interlaced) {
                        // the deinterlacer's next frame for the segment's last one, as in a single pass
                        for (OutputGroup g : groups.values()) {
                            g.trail(f);
                        }
                    }
                    break;
                }
                if (groups.isEmpty()) {
                    long setupStart = System.nanoTime();
                    openOutputs(
                            task, ctx, decoder.formatOf(f), decoder.streamStartUs(), groups, label, previous != null);
                    if (previous != null) {
                        for (OutputGroup g : groups.values()) {
                            g.prime(previous);
                        }
                        LOG.debugf("%s: deinterlacer primed with the frame at %d us", label, previous.timestamp);
                        previous.close();
                        previous = null;
                    }
                    setupNanos[0] = System.nanoTime() - setupStart;
                }
                for (OutputGroup g : groups.values()) {
                    g.push(f);
                }
                kept++;
                progress.update(kept);
            }
        } finally {
            if (previous != null) {
                previous.close();
            }
        }
        progress.finish(kept);
        LOG.debugf("%s: kept %d frames, dropped %d before the range", label, kept, dropped);
        return kept;
    }

    private static void logUpscales(Map<String, OutputGroup> groups, String label) {
        for (OutputGroup g : groups.values()) {
            UpscaleStage u = g.upscale();
            if (u != null && u.frames() > 0) {
                LOG.infof(
                        "%s: upscaled %d frame(s) with %s on %s in %d ms (%.3f fps)",
                        label,
                        u.frames(),
                        u.loaded().model(),
                        u.loaded().executionProvider(),
                        u.nanos() / 1_000_000,
                        u.frames() * 1e9 / Math.max(1, u.nanos()));
            }
        }
    }

    private static void checkFrames(RenderTask task, long kept, String label) throws RenderException {
        if (kept == 0 && task.expectedFrames() > 0) {
            throw new RenderException(
                    FailureReason.BAD_INPUT,
                    label + ": no frame could be decoded in the segment where " + task.expectedFrames()
                            + " were expected (corrupt or truncated video stream?)",
                    null);
        }
        if (task.expectedFrames() > 0 && kept != task.expectedFrames()) {
            LOG.warnf("%s: decoded %d frames in the range, the plan expected %d", label, kept, task.expectedFrames());
        }
    }

    private static List<TaskEvent.SegmentFile> finish(RenderTask task, Map<String, OutputGroup> groups)
            throws FrameRecorder.Exception, RenderException {
        Map<String, TaskEvent.SegmentFile> byOutput = new LinkedHashMap<>();
        for (OutputGroup g : groups.values()) {
            for (EncodedOutput o : g.outputs()) {
                byOutput.put(o.file().output(), o.finish());
            }
        }
        List<TaskEvent.SegmentFile> files = new ArrayList<>();
        for (RenderTask.RenderOutput out : task.outputs()) {
            files.add(byOutput.get(out.name()));
        }
        return files;
    }

    private static void closeGroups(Map<String, OutputGroup> groups, boolean done) {
        for (OutputGroup g : groups.values()) {
            if (!done) {
                g.outputs().forEach(EncodedOutput::abandon);
            }
            try {
                g.close();
            } catch (FrameFilter.Exception | RuntimeException e) {
                LOG.debugf(e, "closing filter graph %s", g.graph());
            }
        }
    }
}
