package io.darkroom.process.service;

import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.OutputSpec;
import io.darkroom.contracts.Preset;
import io.darkroom.contracts.QualityReference;
import io.darkroom.contracts.RenderTask.RenderOutput;
import io.darkroom.contracts.RenderTask.TaskKind;
import io.darkroom.contracts.SourceRef;
import io.darkroom.contracts.TaskEvent.SegmentFile;
import io.darkroom.media.StorageException;
import io.darkroom.media.StorageRoots;
import io.darkroom.media.assembly.AssemblyException;
import io.darkroom.media.assembly.AssemblyRequest;
import io.darkroom.media.assembly.CaptionExtractor;
import io.darkroom.media.assembly.SegmentAssembler;
import io.darkroom.media.qc.OutputVerifier;
import io.darkroom.media.qc.QcReport;
import io.darkroom.media.qc.QualityComparison;
import io.darkroom.observability.Tracing;
import io.darkroom.process.config.DarkroomConfig;
import io.darkroom.process.domain.ClipRow;
import io.darkroom.process.domain.ClipState;
import io.darkroom.process.domain.JobRow;
import io.darkroom.process.domain.OutputResult;
import io.darkroom.process.domain.SourceNotes;
import io.darkroom.process.domain.TaskRow;
import io.darkroom.process.persistence.ClipRepository;
import io.darkroom.process.persistence.Database;
import io.darkroom.process.persistence.Jdbc;
import io.darkroom.process.persistence.JobRepository;
import io.darkroom.process.persistence.TaskRepository;
import io.darkroom.recipe.NameTemplate;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Joins a clip's promoted segments (and audio) into its final outputs by stream copy and verifies each, on its own
 * thread pool. Restart-safe: an output's final path is recorded before assembly starts; a file at that path is a
 * finished one (the assembler writes under a temporary name and publishes it at the end), so a resumed run only
 * verifies it. Clips left in ASSEMBLING are picked up at startup and every darkroom.assembly.resume-interval.
 */
@ApplicationScoped
public class AssemblyService {
    private static final Logger LOG = Logger.getLogger(AssemblyService.class);

    private final Database db;
    private final JobRepository jobs;
    private final ClipRepository clips;
    private final TaskRepository tasks;
    private final JobLifecycle lifecycle;
    private final Effects effects;
    private final StorageRoots storage;
    private final MeterRegistry registry;
    private final ExecutorService executor;
    private final Set<UUID> inProgress = ConcurrentHashMap.newKeySet();
    private final NameTemplate nameTemplate;
    private final ProvenanceService provenance;
    private final PosterFrames posters;
    /** Whether jobs get posters ({@code darkroom.output.artifacts}), and where in a clip. */
    private final boolean artifacts;

    private final double posterAt;

    @jakarta.inject.Inject
    Tracing tracing;

    @jakarta.inject.Inject
    io.darkroom.process.ops.JobTraces traces;

    public AssemblyService(
            Database db,
            JobRepository jobs,
            ClipRepository clips,
            TaskRepository tasks,
            JobLifecycle lifecycle,
            Effects effects,
            DarkroomConfig config,
            MeterRegistry registry,
            ProvenanceService provenance,
            PosterFrames posters) {
        this.db = db;
        this.jobs = jobs;
        this.clips = clips;
        this.tasks = tasks;
        this.lifecycle = lifecycle;
        this.effects = effects;
        this.storage =
                StorageRoots.of(config.storage().roots(), config.storage().modes());
        this.registry = registry;
        this.nameTemplate = NameTemplate.parse(config.output().nameTemplate());
        this.provenance = provenance;
        this.posters = posters;
        this.artifacts = config.output().artifacts();
        this.posterAt = config.output().posterAt();
        AtomicInteger n = new AtomicInteger();
        this.executor =
                Executors.newFixedThreadPool(Math.max(1, config.assembly().threads()), r -> {
                    Thread t = new Thread(r, "darkroom-assembly-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** Queues a clip for assembly unless it is already queued or running here. */
    public void submit(UUID clipId) {
        if (inProgress.add(clipId)) {
            executor.execute(() -> {
                try {
                    runLocked(clipId);
                } catch (RuntimeException e) {
                    LOG.errorf(e, "clip %s: assembly interrupted, retried later: %s", clipId, e.getMessage());
                } finally {
                    inProgress.remove(clipId);
                }
            });
        }
    }

    /** Picks up clips left in ASSEMBLING (at startup, and after an interrupted run). */
    @Scheduled(
            every = "${darkroom.assembly.resume-interval:30s}",
            delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void resume() {
        try {
            List<UUID> ids = db.read(c -> clips.idsInState(c, ClipState.ASSEMBLING));
            for (UUID id : ids) {
                if (!inProgress.contains(id)) {
                    LOG.infof("clip %s: resuming assembly", id);
                    submit(id);
                }
            }
        } catch (RuntimeException e) {
            LOG.errorf("cannot look for clips to assemble: %s", e.getMessage());
        }
    }

    /** Holds a per-clip advisory lock so that two instances never assemble the same clip at once. */
    private void runLocked(UUID clipId) {
        long key = clipId.getMostSignificantBits() ^ clipId.getLeastSignificantBits();
        db.read(lock -> {
            if (!Jdbc.one(lock, "SELECT pg_try_advisory_lock(?)", rs -> rs.getBoolean(1), key)
                    .orElse(false)) {
                return null;
            }
            try {
                run(clipId);
            } finally {
                Jdbc.one(lock, "SELECT pg_advisory_unlock(?)", rs -> rs.getBoolean(1), key);
            }
            return null;
        });
    }

    private record Context(JobRow job, ClipRow clip, List<TaskRow> tasks) {}

    void run(UUID clipId) {
        Context ctx = db.read(c -> {
            ClipRow clip = clips.find(c, clipId).orElseThrow();
            return new Context(jobs.find(c, clip.jobId()).orElseThrow(), clip, tasks.byClip(c, clipId));
        });
        if (ctx.clip().state() != ClipState.ASSEMBLING) {
            return;
        }
        String failure;
        List<String> notes = new ArrayList<>();
        if (ctx.clip().media().damaged()) {
            // salvaged (damagedSource: salvage): every decodable picture rendered, the damage a warning of the clip
            notes.addAll(ctx.clip().media().damage());
        }
        String opAtom = SourceNotes.opAtomSound(ctx.clip().media());
        if (opAtom != null) {
            notes.add(opAtom);
        }
        try (Tracing.Traced span = tracing.span(
                "assemble",
                io.opentelemetry.api.trace.SpanKind.INTERNAL,
                traces.parent(ctx.job().id().toString()),
                ctx.job().id().toString(),
                null)) {
            List<String> problems = new ArrayList<>();
            for (RenderOutput out : ctx.clip().renderOutputs()) {
                String captions = Preset.byId(out.preset())
                        .map(p -> SourceNotes.captionsDropped(ctx.clip().media(), out.name(), p.extension()))
                        .orElse(null);
                if (captions != null) {
                    notes.add(captions);
                }
                QcReport report = output(ctx, out, notes);
                if (!report.passed()) {
                    problems.add("output " + out.name() + " failed QC: " + String.join(", ", report.problems()));
                }
            }
            failure = problems.isEmpty() ? null : String.join("; ", problems);
        } catch (AssemblyException | StorageException | IllegalArgumentException e) {
            failure = "assembly failed: " + e.getMessage();
        }
        if (failure != null) {
            // named as a failed task names it: the job's reason alone must say which file it was
            failure = "clip " + ctx.clip().clipName() + " (source " + ctx.clip().source() + "): " + failure;
        }
        finish(ctx, failure, notes.isEmpty() ? null : String.join("; ", notes));
    }

    private QcReport output(Context ctx, RenderOutput out, List<String> notes) {
        ClipRow clip = ctx.clip();
        OutputResult recorded = clip.outputs().get(out.name());
        if (recorded != null && recorded.qc() != null) {
            if (recorded.qc().passed()
                    && recorded.path() != null
                    && !Files.exists(ProvenanceService.manifestPath(Path.of(recorded.path())))) {
                // QC was recorded but the manifest was not written (a restart in between, or it failed): try again
                String problem = provenance.write(
                        ctx.job(),
                        clip,
                        ctx.tasks(),
                        out,
                        Path.of(recorded.path()),
                        audioFileOutput(clip.renderOutputs(), out));
                if (problem != null) {
                    notes.add(problem);
                }
            }
            return recorded.qc();
        }
        Preset preset = Preset.byId(out.preset())
                .orElseThrow(() -> new IllegalArgumentException("unknown preset " + out.preset()));
        Path target = recorded != null ? Path.of(recorded.path()) : choosePath(ctx, out, preset);
        Timer.Sample sample = Timer.start(registry);
        if (!Files.exists(target)) {
            AssemblyRequest request = new AssemblyRequest(
                    segments(ctx, out),
                    audio(ctx, out, preset),
                    target,
                    preset,
                    clip.media().timecode(),
                    metadata(ctx, out));
            if (preset.editorial()) {
                request = request.withReelName(OutputNames.reelName(clip.clipName()));
            }
            if (SourceNotes.carriesCaptions(clip.media(), preset.extension())) {
                AssemblyRequest.CaptionTrack captions = captionTrack(ctx, out, request.segments(), notes);
                if (captions != null) {
                    request = request.withCaptions(captions);
                }
            }
            SegmentAssembler.assemble(request);
            LOG.infof("job %s clip %s: assembled %s", ctx.job().id(), clip.clipName(), target);
        }
        if (artifacts && out.equals(PosterFrames.sources(clip.renderOutputs()).get(0))) {
            // the finishing's poster, grabbed beside this output's QC rather than after the job's last clip
            posters.ahead(ctx.job().id(), target, PosterFrames.seconds(clip.media(), posterAt));
        }
        sample.stop(Timer.builder("darkroom.assembly.duration")
                .description("Joining the segments of one output")
                .tag("preset", preset.id())
                .register(registry));
        Timer.Sample qc = Timer.start(registry);
        Long decoded = segmentFrames(ctx, out);
        QcReport report = compareWithReference(
                ctx,
                out,
                target,
                OutputQc.withSegmentCheck(
                        clip.media(),
                        decoded,
                        OutputVerifier.verify(target, OutputQc.expectation(clip.media(), preset, out, decoded))));
        qc.stop(Timer.builder("darkroom.qc.duration")
                .description("QC of one output (verify and compare)")
                .tag("preset", preset.id())
                .register(registry));
        if (report.passed()) {
            String problem = provenance.write(
                    ctx.job(), clip, ctx.tasks(), out, target, audioFileOutput(clip.renderOutputs(), out));
            if (problem != null) {
                notes.add(problem);
            }
        }
        db.tx(c -> {
            clips.putOutput(c, clip.id(), new OutputResult(out.name(), out.preset(), target.toString(), report));
            return null;
        });
        LOG.infof(
                "job %s clip %s: output %s QC %s%s",
                ctx.job().id(),
                clip.clipName(),
                out.name(),
                report.passed() ? "passed" : "FAILED",
                report.passed() ? "" : " " + report.problems());
        return report;
    }

    /**
     * When the recipe gives this output a reference render, measures PSNR/SSIM against it and fails QC below the
     * thresholds; a reference that cannot be read or compared is a QC problem naming it.
     */
    private QcReport compareWithReference(Context ctx, RenderOutput out, Path target, QcReport report) {
        QualityReference ref = referenceOf(ctx.job().recipe(), out.name());
        if (ref == null) {
            return report;
        }
        try {
            QualityComparison q = OutputVerifier.compare(target, storage.resolveExisting(ref.file()));
            LOG.infof(
                    "job %s clip %s: output %s against reference %s: PSNR %.2f dB, SSIM %.4f",
                    ctx.job().id(), ctx.clip().clipName(), out.name(), ref.file(), q.psnr(), q.ssim());
            return report.withComparison(q, ref.minPsnr(), ref.minSsim());
        } catch (RuntimeException e) {
            return report.withProblem("cannot compare with reference " + ref.file() + ": " + e.getMessage());
        }
    }

    /**
     * The source's captions for a MOV output: its CEA-608 track as it is, or the captions inside its pictures taken out
     * once per clip into the work folder beside the segments. Null, with a note, when they cannot be read: the output
     * is still made.
     */
    private AssemblyRequest.CaptionTrack captionTrack(
            Context ctx, RenderOutput out, List<Path> segments, List<String> notes) {
        ClipRow clip = ctx.clip();
        Path source = storage.resolveReadable(clip.source());
        if (!MediaInfo.CAPTIONS_EMBEDDED.equals(clip.media().closedCaptions())) {
            return new AssemblyRequest.CaptionTrack(source, clip.media().startUs());
        }
        try {
            Path extracted = CaptionExtractor.extract(
                    source, clip.media().container(), segments.get(0).resolveSibling("captions-" + clip.id() + ".mov"));
            return new AssemblyRequest.CaptionTrack(extracted, 0);
        } catch (AssemblyException e) {
            LOG.warnf("job %s clip %s: captions not carried: %s", ctx.job().id(), clip.clipName(), e.getMessage());
            notes.add("closed captions not carried by output " + out.name() + ": they could not be read from the"
                    + " source's pictures");
            return null;
        }
    }

    /** The reference render the recipe names for an output, or null. */
    static QualityReference referenceOf(io.darkroom.contracts.Recipe recipe, String outputName) {
        if (recipe == null || recipe.outputs() == null) {
            return null;
        }
        return recipe.outputs().stream()
                .filter(o -> outputName.equals(o.name()))
                .map(OutputSpec::reference)
                .filter(java.util.Objects::nonNull)
                .findFirst()
                .orElse(null);
    }

    /**
     * Picks a free final name from the name template (the recipe's {@code nameTemplate}, else
     * {@code darkroom.output.name-template}, default {@code {clip}_{output}.{ext}}; -1, -2, ... when taken) and
     * records it before assembly.
     */
    private Path choosePath(Context ctx, RenderOutput out, Preset preset) {
        SourceRef dest = ctx.job().destination();
        String name = OutputNames.templateFor(ctx.job().recipe(), nameTemplate)
                .firstFree(
                        OutputNames.nameValues(ctx.job(), ctx.clip().clipName(), out.name(), preset.extension()),
                        n -> Files.exists(storage.resolve(inFolder(dest, n))));
        Path target = storage.resolveForWrite(inFolder(dest, name));
        db.tx(c -> {
            clips.putOutput(c, ctx.clip().id(), new OutputResult(out.name(), out.preset(), target.toString(), null));
            return null;
        });
        return target;
    }

    private static SourceRef inFolder(SourceRef folder, String fileName) {
        String p = folder.path();
        boolean top = p == null || p.isBlank() || p.equals(".") || p.equals("/");
        return new SourceRef(folder.root(), top ? fileName : p.replaceAll("/+$", "") + "/" + fileName);
    }

    private List<Path> segments(Context ctx, RenderOutput out) {
        List<Path> files = new ArrayList<>();
        ctx.tasks().stream()
                .filter(t -> t.kind() == TaskKind.VIDEO_SEGMENT)
                .sorted(Comparator.comparingInt(TaskRow::segmentIndex))
                .forEach(t -> files.add(fileOf(t, out.name())
                        .map(storage::resolveExisting)
                        .orElseThrow(() -> new AssemblyException(
                                "segment " + t.segmentIndex() + " has no file for output " + out.name()))));
        return files;
    }

    /**
     * The clip's audio file for an output. The AUDIO task writes one file per distinct preset, named after the first
     * output of the clip that uses that preset; so two outputs with the same preset share that file.
     */
    private Path audio(Context ctx, RenderOutput out, Preset preset) {
        String writtenAs = audioFileOutput(ctx.clip().renderOutputs(), out);
        return ctx.tasks().stream()
                .filter(t -> t.kind() == TaskKind.AUDIO)
                .findFirst()
                .flatMap(t -> fileOf(t, writtenAs))
                .map(storage::resolveExisting)
                .orElse(null);
    }

    /** The name of the first output with {@code out}'s preset: what the AUDIO task named that preset's file. */
    static String audioFileOutput(List<RenderOutput> outputs, RenderOutput out) {
        return outputs.stream()
                .filter(o -> o.preset().equals(out.preset()))
                .map(RenderOutput::name)
                .findFirst()
                .orElse(out.name());
    }

    private static java.util.Optional<SourceRef> fileOf(TaskRow task, String output) {
        if (task.promoted() == null) {
            return java.util.Optional.empty();
        }
        return task.promoted().stream()
                .filter(f -> output.equals(f.output()))
                .map(SegmentFile::file)
                .findFirst();
    }

    /**
     * Container tags of an output: job, clip, and for an AI-touched output {@code comment=darkroom-ai:<model>@<sha256
     * prefix>} (render-core writes it into the segments too, but stream copy does not carry it over).
     */
    private Map<String, String> metadata(Context ctx, RenderOutput out) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("darkroom_job", ctx.job().id().toString());
        m.put("clip", ctx.clip().clipName());
        provenance.aiTag(out).ifPresent(tag -> m.put("comment", tag));
        return m;
    }

    /** Pictures the output's segment files hold, summed over the clip's segments; null when one is not known. */
    static Long segmentFrames(Context ctx, RenderOutput out) {
        long sum = 0;
        for (TaskRow t : ctx.tasks()) {
            if (t.kind() != TaskKind.VIDEO_SEGMENT) {
                continue;
            }
            SegmentFile f = t.promoted() == null
                    ? null
                    : t.promoted().stream()
                            .filter(p -> out.name().equals(p.output()))
                            .findFirst()
                            .orElse(null);
            if (f == null || f.frames() <= 0) {
                return null;
            }
            sum += f.frames();
        }
        return sum;
    }

    /** Ends the clip: DONE (with {@code note}, e.g. a manifest that could not be written, as its reason) or FAILED. */
    private void finish(Context ctx, String failure, String note) {
        AfterCommit after = new AfterCommit();
        db.tx(c -> {
            JobRow job = jobs.lock(c, ctx.job().id()).orElseThrow();
            ClipState to = failure == null ? ClipState.DONE : ClipState.FAILED;
            String reason = failure != null ? (note == null ? failure : failure + "; " + note) : note;
            if (clips.transition(c, ctx.clip().id(), List.of(ClipState.ASSEMBLING), to, reason)) {
                lifecycle.clipFinished(c, job, after);
            }
            return null;
        });
        effects.run(after);
        if (failure == null) {
            LOG.infof(
                    "job %s clip %s: DONE%s",
                    ctx.job().id(), ctx.clip().clipName(), note == null ? "" : " (" + note + ")");
        } else {
            LOG.errorf("job %s clip %s: FAILED: %s", ctx.job().id(), ctx.clip().clipName(), failure);
        }
    }

    @PreDestroy
    void shutdown() {
        executor.shutdownNow();
    }
}
