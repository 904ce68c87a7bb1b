package io.darkroom.process.service;

import io.darkroom.contracts.Actor;
import io.darkroom.contracts.JobState;
import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.RenderTask.RenderOutput;
import io.darkroom.contracts.ops.Op;
import io.darkroom.contracts.ops.Op.Upscale.Device;
import io.darkroom.media.StorageRoots;
import io.darkroom.models.eval.ClipFrames;
import io.darkroom.models.eval.ModelEvaluator;
import io.darkroom.models.registry.ModelRegistry;
import io.darkroom.models.upscale.BicubicUpscaler;
import io.darkroom.models.upscale.LanczosUpscaler;
import io.darkroom.models.upscale.RgbImage;
import io.darkroom.models.upscale.TiledUpscaler;
import io.darkroom.models.upscale.Upscaler;
import io.darkroom.process.config.DarkroomConfig;
import io.darkroom.process.domain.Approval;
import io.darkroom.process.domain.Approval.ClipEvaluation;
import io.darkroom.process.domain.Approval.Method;
import io.darkroom.process.domain.Approval.PreviewImage;
import io.darkroom.process.domain.Approval.Score;
import io.darkroom.process.domain.ApprovalPlan;
import io.darkroom.process.domain.ArtifactRow;
import io.darkroom.process.domain.ClipRow;
import io.darkroom.process.domain.JobRow;
import io.darkroom.process.domain.OutputNaming;
import io.darkroom.process.domain.TrustedModel;
import io.darkroom.process.persistence.ApprovalRepository;
import io.darkroom.process.persistence.ArtifactRepository;
import io.darkroom.process.persistence.ClipRepository;
import io.darkroom.process.persistence.Database;
import io.darkroom.process.persistence.JobRepository;
import io.darkroom.process.persistence.TaskRepository;
import io.darkroom.process.service.ControlRefusedException.Kind;
import io.darkroom.recipe.ApprovalRules;
import io.darkroom.recipe.geometry.OutputGeometry;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.awt.AWTError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The approval gate of recipes with {@code approval: required}. A gated job, once planned, waits in AWAITING_APPROVAL
 * while this service renders its preview on its own thread: per clip, {@code previewFrames} frames spread over the
 * clip (models' {@link ClipFrames}, 16-bit RGB), brought to the size the upscale op will receive, centre-cropped to at
 * most {@code darkroom.approval.preview-max-width x -height}, upscaled by lanczos3 and by the recipe's model
 * (ONNX Runtime, the registry's hash-checked file) and written as PNGs (source | lanczos | model, see
 * {@link PreviewSheet}) with a signed provenance manifest each, into the job's destination folder. The evaluation
 * numbers are those of {@code models evaluate} ({@link ModelEvaluator}: each frame shrunk by the scale and upscaled
 * back by the model, lanczos3 and bicubic, PSNR/SSIM against the original) on the same frames. Then a person approves
 * (model, or lanczos in its place: every {@code upscale} op of the stored recipe and of the clips' outputs becomes a
 * {@code lanczosUpscale} of the same factor) and the job goes PLANNED for the dispatcher, or rejects it and the job
 * ends CANCELLED with "rejected by NAME: NOTE". Every step is a job history row. A preview that cannot be made fails
 * the job with the reason; previews interrupted by a restart are rendered again
 * ({@code darkroom.approval.resume-interval}).
 */
@ApplicationScoped
public class ApprovalService {
    private static final Logger LOG = Logger.getLogger(ApprovalService.class);
    private static final long LOCK_SALT = 0x0A99_50FE_1234L;

    private final Database db;
    private final JobRepository jobs;
    private final ClipRepository clips;
    private final TaskRepository tasks;
    private final ApprovalRepository approvals;
    private final ArtifactRepository artifacts;
    private final JobLifecycle lifecycle;
    private final Effects effects;
    private final ProvenanceService provenance;
    private final StorageRoots storage;
    private final DarkroomConfig.Approval settings;
    private final ModelRegistry registry;
    private final TrustedModels trusted;
    private final JobWorker worker;

    public ApprovalService(
            Database db,
            JobRepository jobs,
            ClipRepository clips,
            TaskRepository tasks,
            ApprovalRepository approvals,
            ArtifactRepository artifacts,
            JobLifecycle lifecycle,
            Effects effects,
            ProvenanceService provenance,
            TrustedModels trusted,
            DarkroomConfig config) {
        this.db = db;
        this.jobs = jobs;
        this.clips = clips;
        this.tasks = tasks;
        this.approvals = approvals;
        this.artifacts = artifacts;
        this.lifecycle = lifecycle;
        this.effects = effects;
        this.provenance = provenance;
        this.storage =
                StorageRoots.of(config.storage().roots(), config.storage().modes());
        this.settings = config.approval();
        this.trusted = trusted;
        this.registry = trusted.registry().orElse(null);
        this.worker = new JobWorker(
                "approval preview", "darkroom-approval-preview", LOCK_SALT, db, LOG, this::render, this::giveUp);
    }

    /**
     * Inside the planning transaction of a gated job: opens its gate and moves it PLANNED -> AWAITING_APPROVAL; the
     * preview is queued after the commit.
     */
    void gate(Connection c, JobRow planned, ApprovalRules.Gate gate, AfterCommit after) {
        approvals.insert(c, planned.id(), gate.model(), gate.scale());
        lifecycle.transition(
                c,
                planned,
                JobState.AWAITING_APPROVAL,
                "waiting for approval of " + gate.model() + " x" + gate.scale() + ": rendering the preview",
                after);
        after.preview(planned.id());
    }

    /** Queues a job's preview unless it is queued here already. */
    public void submit(UUID jobId) {
        worker.submit(jobId);
    }

    @Scheduled(
            every = "${darkroom.approval.resume-interval:30s}",
            delayed = "3s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void resume() {
        worker.resume(() -> db.read(approvals::previewsToRender));
    }

    void render(UUID jobId) {
        JobRow job = db.read(c -> jobs.find(c, jobId)).orElse(null);
        Approval gate = db.read(c -> approvals.find(c, jobId)).orElse(null);
        if (job == null
                || gate == null
                || job.state() != JobState.AWAITING_APPROVAL
                || gate.status() != Approval.Status.RENDERING_PREVIEW) {
            return;
        }
        long t0 = System.nanoTime();
        List<PreviewImage> previews = new ArrayList<>();
        List<ClipEvaluation> evaluation = new ArrayList<>();
        String failure = null;
        try {
            Op.Upscale op = ApprovalPlan.upscaleOp(job.recipe())
                    .orElseThrow(() -> new IllegalStateException("the recipe has no upscale op"));
            if (registry == null) {
                throw new IllegalStateException(
                        "no model registry (darkroom.models.dir) to load " + op.model() + " from");
            }
            TiledUpscaler.Options options = TiledUpscaler.Options.defaults()
                    .withTile(op.tileOrDefault(), op.overlapOrDefault())
                    .withDevice(Device.AUTO)
                    .withPrecision(op.precisionOrDefault())
                    .withThreads(settings.threads());
            int frames = job.recipe().previewFrames() != null ? job.recipe().previewFrames() : settings.previewFrames();
            // the file must have the catalog's hash (resolved at planning), not merely its metadata's
            TrustedModel row = trusted.find(op.model())
                    .orElseThrow(() -> new IllegalStateException(
                            "model " + op.model() + " is no longer in the trusted model catalog"));
            boolean half = op.precisionOrDefault() == Op.Upscale.Precision.FP16;
            try (TiledUpscaler model =
                    TiledUpscaler.open(registry.load(op.model(), row.sha256For(op), half), options)) {
                for (ClipRow clip : db.read(c -> clips.byJob(c, jobId))) {
                    previewClip(job, clip, op, model, frames, previews, evaluation);
                }
                LOG.infof(
                        "job %s: approval preview of %s on %s: %d image(s) in %.1f s",
                        jobId, op.model(), model.executionProvider(), previews.size(), (System.nanoTime() - t0) / 1e9);
            }
        } catch (RuntimeException | IOException | LinkageError | AWTError | InternalError e) {
            // LinkageError: ONNX Runtime's native library (or one it needs) cannot be loaded on this machine;
            // AWTError, InternalError: this Java cannot draw the sheet's captions (no fontconfig or no font): the
            // same on every try, so the job fails now rather than after three tries 30 s apart
            failure = "approval preview failed: " + JobWorker.describe(e);
            LOG.errorf(e, "job %s: %s", jobId, failure);
        }
        finish(jobId, failure, previews, evaluation);
    }

    /** Ends a job whose preview failed {@link JobWorker#MAX_ATTEMPTS} times: FAILED, the cause in its reason. */
    void giveUp(UUID jobId, Throwable cause) {
        finish(
                jobId,
                "approval preview failed " + JobWorker.MAX_ATTEMPTS + " times: " + JobWorker.describe(cause),
                List.of(),
                List.of());
    }

    /** Stores a preview's outcome: ready for a decision, or (when {@code why} names a failure) the job FAILED. */
    private void finish(UUID jobId, String why, List<PreviewImage> previews, List<ClipEvaluation> evaluation) {
        AfterCommit after = new AfterCommit();
        db.tx(c -> {
            JobRow locked = jobs.lock(c, jobId).orElseThrow();
            if (locked.state() != JobState.AWAITING_APPROVAL) {
                return null; // cancelled meanwhile
            }
            if (why != null) {
                approvals.failed(c, jobId, why);
                tasks.cancelOpen(c, jobId, why);
                clips.cancelUnfinished(c, jobId, why);
                lifecycle.transition(c, locked, JobState.FAILED, why, after);
                return null;
            }
            if (approvals.ready(c, jobId, previews, evaluation)) {
                artifacts.add(
                        c,
                        jobId,
                        previews.stream()
                                .map(p -> new ArtifactRow(ArtifactRow.PREVIEW, p.clipId(), p.path()))
                                .toList());
                after.jobEvent(jobs.history(
                        c,
                        jobId,
                        JobState.AWAITING_APPROVAL,
                        JobState.AWAITING_APPROVAL,
                        readyNote(previews, evaluation)));
            }
            return null;
        });
        effects.run(after);
    }

    /** Draws one preview sheet (the three panels, the caption, the scores) into {@code png}. */
    protected void drawSheet(
            RgbImage crop,
            RgbImage lanczos,
            RgbImage ai,
            int scale,
            String modelName,
            String caption,
            List<Score> scores,
            Path png)
            throws IOException {
        PreviewSheet.writePng(PreviewSheet.compose(crop, lanczos, ai, scale, modelName, caption, scores), png);
    }

    private void previewClip(
            JobRow job,
            ClipRow clip,
            Op.Upscale op,
            TiledUpscaler model,
            int frames,
            List<PreviewImage> previews,
            List<ClipEvaluation> evaluation)
            throws IOException {
        int scale = op.scale();
        MediaInfo media = clip.media();
        List<Op> ops = clip.renderOutputs().stream()
                .map(RenderOutput::ops)
                .filter(o -> o != null && o.stream().anyMatch(Op.Upscale.class::isInstance))
                .findFirst()
                .orElse(List.of(op));
        OutputGeometry.Size input = OutputGeometry.upscaleInput(media, job.recipe(), ops);
        int cw = Math.min(input.width(), Math.max(16, settings.previewMaxWidth())) / scale * scale;
        int ch = Math.min(input.height(), Math.max(16, settings.previewMaxHeight())) / scale * scale;
        Path source = storage.resolveExisting(clip.source());
        Upscaler lanczos3 = new LanczosUpscaler(scale);
        List<Upscaler> methods = List.of(model, lanczos3, new BicubicUpscaler(scale));
        List<List<Score>> perFrame = new ArrayList<>();
        // FFmpeg scales each frame to the upscale's input and crops it while decoding: one small crop on the heap at
        // a time, whatever the source's size and previewFrames
        ClipFrames.Window window = new ClipFrames.Window(input.width(), input.height(), cw, ch);
        ClipFrames.spread(source, frames, window, (k, crop) -> {
            long frameNo = (long) Math.floor(media.frameCount() * (k + 0.5) / frames);
            List<Score> scores = scores(ModelEvaluator.evaluate(List.of(crop), scale, methods));
            perFrame.add(scores);
            RgbImage lanczos = lanczos3.upscale(crop).clipped();
            RgbImage ai = model.upscale(crop).clipped();
            String caption = String.format(
                    Locale.ROOT,
                    "%s  frame %d of %d  %s%s  job %s",
                    clip.clipName(),
                    frameNo,
                    media.frameCount(),
                    cw == input.width() && ch == input.height() ? "whole picture " : "centre " + cw + "x" + ch + " of ",
                    input.width() + "x" + input.height(),
                    job.name());
            Path png = free(job, clip.clipName() + "_approval_preview_" + (k + 1), "png");
            drawSheet(crop, lanczos, ai, scale, model.name(), caption, scores, png);
            Path manifest = provenance.writePreview(job, clip, png, op);
            previews.add(new PreviewImage(
                    clip.id(),
                    clip.clipName(),
                    k,
                    frameNo,
                    png.toString(),
                    manifest.toString(),
                    PreviewSheet.width(cw * scale),
                    ch * scale + PreviewSheet.CAPTION_HEIGHT,
                    scores));
            LOG.infof("job %s clip %s: approval preview %s (frame %d)", job.id(), clip.clipName(), png, frameNo);
        });
        ClipEvaluation clipScores =
                new ClipEvaluation(clip.id(), clip.clipName(), perFrame.size(), cw, ch, scale, mean(perFrame));
        evaluation.add(clipScores);
        LOG.infof(
                "job %s clip %s: evaluation on %d preview frame(s) of %dx%d: %s",
                job.id(), clip.clipName(), perFrame.size(), cw, ch, clipScores.scores());
    }

    /**
     * The clip's scores from its frames' (as {@link ModelEvaluator} pools frames: PSNR and SSIM averaged over frames,
     * seconds summed), without upscaling the frames a second time.
     */
    static List<Score> mean(List<List<Score>> perFrame) {
        List<Score> out = new ArrayList<>();
        for (int m = 0; m < perFrame.get(0).size(); m++) {
            int method = m;
            double psnr = perFrame.stream()
                    .mapToDouble(f -> f.get(method).psnr())
                    .average()
                    .orElse(Double.NaN);
            double ssim = perFrame.stream()
                    .mapToDouble(f -> f.get(method).ssim())
                    .average()
                    .orElse(Double.NaN);
            double seconds =
                    perFrame.stream().mapToDouble(f -> f.get(method).seconds()).sum();
            out.add(new Score(perFrame.get(0).get(m).method(), psnr, ssim, seconds));
        }
        return out;
    }

    private static List<Score> scores(ModelEvaluator.Report report) {
        return report.scores().stream()
                .map(s -> new Score(s.method(), s.psnr(), s.ssim(), s.seconds()))
                .toList();
    }

    private static String readyNote(List<PreviewImage> previews, List<ClipEvaluation> evaluation) {
        StringBuilder sb = new StringBuilder("preview ready: " + previews.size() + " image(s)");
        for (ClipEvaluation e : evaluation) {
            sb.append("; ").append(e.clip()).append(':');
            for (Score s : e.scores()) {
                sb.append(String.format(Locale.ROOT, " %s %.2f dB/%.4f", s.method(), s.psnr(), s.ssim()));
            }
        }
        return sb.append("; approve (model or lanczos) or reject").toString();
    }

    /** A free path in the job's destination folder. */
    private Path free(JobRow job, String base, String ext) {
        String name = OutputNaming.firstFreeArtifact(
                base, ext, n -> Files.exists(storage.resolve(JobArtifactsService.inFolder(job.destination(), n))));
        return storage.resolveForWrite(JobArtifactsService.inFolder(job.destination(), name));
    }

    /** The gate of a job; NOT_FOUND when the job is unknown or has none. */
    public Approval find(UUID jobId) {
        return db.read(c -> {
            if (jobs.find(c, jobId).isEmpty()) {
                throw new ControlRefusedException(Kind.NOT_FOUND, "no job " + jobId);
            }
            return approvals.find(c, jobId).orElseThrow(() -> noGate(jobId));
        });
    }

    public Optional<Approval> gateOf(UUID jobId) {
        return db.read(c -> approvals.find(c, jobId));
    }

    /**
     * A person approves: with {@link Method#LANCZOS} every upscale op of the job becomes a lanczosUpscale first. The
     * job goes PLANNED (the dispatcher takes it from there).
     */
    public void approve(UUID jobId, Actor by, Method method, String note) {
        if (by == null) {
            throw new ControlRefusedException(Kind.INVALID, "an approval needs an authenticated approver");
        }
        if (method == null) {
            throw new ControlRefusedException(Kind.INVALID, "method must be \"model\" or \"lanczos\"");
        }
        AfterCommit after = new AfterCommit();
        String reason = db.tx(c -> {
            JobRow job = awaiting(c, jobId);
            Approval gate = approvals.find(c, jobId).orElseThrow();
            Optional<Actor> submitter = jobs.submitter(c, jobId);
            if (!settings.allowSelfApproval()
                    && submitter.isPresent()
                    && submitter.get().sameAs(by)) {
                throw new ControlRefusedException(
                        Kind.FORBIDDEN,
                        "separation of duties: " + by.name()
                                + " submitted job " + jobId
                                + " and cannot approve its AI output; another supervisor must"
                                + " (a site may allow it with darkroom.approval.allow-self-approval=true)");
            }
            if (method == Method.LANCZOS) {
                Recipe swapped = ApprovalPlan.withLanczos(job.recipe());
                jobs.setRecipe(c, jobId, swapped);
                for (ClipRow clip : clips.byJob(c, jobId)) {
                    clips.setRenderOutputs(c, clip.id(), ApprovalPlan.withLanczos(clip.renderOutputs()));
                }
            }
            approvals.decide(c, jobId, Approval.Status.APPROVED, method, by, blankToNull(note));
            String why = "approved by " + by.name() + ": "
                    + (method == Method.MODEL ? gate.model() : "lanczos3 in place of " + gate.model()) + " x"
                    + gate.scale()
                    + (blankToNull(note) == null ? "" : " (" + note.trim() + ")");
            lifecycle.transition(c, job, JobState.PLANNED, why, after);
            return why;
        });
        effects.run(after);
        LOG.infof("job %s: %s", jobId, reason);
    }

    /** A person rejects: the job ends CANCELLED with "rejected by NAME: NOTE"; nothing was dispatched. */
    public void reject(UUID jobId, Actor by, String note) {
        if (by == null) {
            throw new ControlRefusedException(Kind.INVALID, "a rejection needs an authenticated person deciding");
        }
        if (blankToNull(note) == null) {
            throw new ControlRefusedException(Kind.INVALID, "a rejection needs a note saying why");
        }
        String reason = "rejected by " + by.name() + ": " + note.trim();
        AfterCommit after = new AfterCommit();
        db.tx(c -> {
            JobRow job = awaiting(c, jobId);
            approvals.decide(c, jobId, Approval.Status.REJECTED, null, by, note.trim());
            tasks.cancelOpen(c, jobId, reason);
            clips.cancelUnfinished(c, jobId, reason);
            lifecycle.transition(c, job, JobState.CANCELLED, reason, after);
            return null;
        });
        effects.run(after);
        LOG.infof("job %s: %s", jobId, reason);
    }

    /** The locked job, which must be AWAITING_APPROVAL with its preview READY. */
    private JobRow awaiting(Connection c, UUID jobId) {
        JobRow job =
                jobs.lock(c, jobId).orElseThrow(() -> new ControlRefusedException(Kind.NOT_FOUND, "no job " + jobId));
        Approval gate = approvals.find(c, jobId).orElseThrow(() -> noGate(jobId));
        if (job.state() != JobState.AWAITING_APPROVAL) {
            throw new ControlRefusedException(
                    Kind.CONFLICT,
                    "job " + jobId + " is " + job.state()
                            + "; only a job AWAITING_APPROVAL can be approved or rejected");
        }
        if (gate.status() != Approval.Status.READY) {
            throw new ControlRefusedException(
                    Kind.CONFLICT,
                    "the preview of job " + jobId + " is " + gate.status()
                            + "; approve or reject once it is READY (GET /jobs/" + jobId + "/approval)");
        }
        return job;
    }

    private static ControlRefusedException noGate(UUID jobId) {
        return new ControlRefusedException(
                Kind.NOT_FOUND, "job " + jobId + " has no approval gate (its recipe does not say approval: required)");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @PreDestroy
    void shutdown() {
        worker.close();
    }
}
