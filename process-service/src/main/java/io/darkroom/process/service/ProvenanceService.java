package io.darkroom.process.service;

import io.darkroom.contracts.Actor;
import io.darkroom.contracts.Json;
import io.darkroom.contracts.RenderTask.RenderOutput;
import io.darkroom.contracts.RenderTask.TaskKind;
import io.darkroom.contracts.TaskEvent.SegmentFile;
import io.darkroom.contracts.ops.Op;
import io.darkroom.media.Ffmpeg;
import io.darkroom.media.StorageRoots;
import io.darkroom.models.registry.ModelMetadata;
import io.darkroom.models.registry.ModelRegistry;
import io.darkroom.process.config.DarkroomConfig;
import io.darkroom.process.domain.Approval;
import io.darkroom.process.domain.ClipRow;
import io.darkroom.process.domain.JobRow;
import io.darkroom.process.domain.ProvenanceFacts;
import io.darkroom.process.domain.TaskRow;
import io.darkroom.process.persistence.ApprovalRepository;
import io.darkroom.process.persistence.Database;
import io.darkroom.provenance.Manifest;
import io.darkroom.provenance.ManifestSigner;
import io.darkroom.provenance.Sha256;
import io.darkroom.provenance.SiteKey;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Writes the signed provenance manifest ({@code <output>.provenance.json}, module darkroom-provenance) beside every
 * output that passed QC: sources with sha256, the job's stored recipe, software versions, the AI model (from the
 * model registry {@code darkroom.models.dir}) when the output's ops contain an {@code upscale}, per segment the worker,
 * attempt, delivery, file hash and what ran its upscale, who submitted, who approved (approval gate), timestamps;
 * also beside every approval preview image. The site key ({@code darkroom.provenance.key-dir},
 * default {@code provenance-key} in the {@code work} root) is loaded or created at startup; when it cannot be, every
 * manifest fails with that reason (outputs are never failed for it).
 */
@ApplicationScoped
@Startup
public class ProvenanceService {
    private static final Logger LOG = Logger.getLogger(ProvenanceService.class);

    private final StorageRoots storage;
    private final SiteKey key;
    private final String keyProblem;
    private final ModelRegistry registry;
    private final String darkroomVersion;
    private volatile String ffmpegVersion;
    private final Database db;
    private final ApprovalRepository approvals;
    private final io.darkroom.process.persistence.JobRepository jobs;
    private final SourceHashes sourceHashes;

    public ProvenanceService(
            DarkroomConfig config,
            Database db,
            ApprovalRepository approvals,
            io.darkroom.process.persistence.JobRepository jobs,
            SourceHashes sourceHashes) {
        this.sourceHashes = sourceHashes;
        this.jobs = jobs;
        this.db = db;
        this.approvals = approvals;
        this.storage =
                StorageRoots.of(config.storage().roots(), config.storage().modes());
        Optional<Path> folder = config.provenance().keyDir().map(Path::of).or(() -> Optional.ofNullable(
                        config.storage().roots().get("work"))
                .map(w -> Path.of(w).resolve("provenance-key")));
        SiteKey loaded = null;
        String problem = null;
        if (folder.isEmpty()) {
            problem = "no site key: set darkroom.provenance.key-dir (or a 'work' storage root)";
        } else {
            try {
                loaded = SiteKey.loadOrCreate(folder.get());
                LOG.infof("provenance site key %s in %s", loaded.keyId(), folder.get());
            } catch (RuntimeException e) {
                problem = "no site key in " + folder.get() + ": " + e.getMessage();
            }
        }
        if (problem != null) {
            LOG.errorf("provenance manifests cannot be signed: %s", problem);
        }
        this.key = loaded;
        this.keyProblem = problem;
        this.registry = config.models()
                .dir()
                .filter(d -> !d.isBlank())
                .map(d -> new ModelRegistry(Path.of(d)))
                .orElse(null);
        this.darkroomVersion = ConfigProvider.getConfig()
                .getOptionalValue("quarkus.application.version", String.class)
                .orElse("unknown");
    }

    /** The site key's id, or null when there is none. */
    public String keyId() {
        return key == null ? null : key.keyId();
    }

    /**
     * The model named by an output's upscale op with its registry metadata and the trusted hash the workers ran it
     * under ({@code RenderOutput.modelSha256}, from the catalog at planning); empty when the output has none.
     */
    public Optional<Manifest.Model> model(RenderOutput out) {
        return ProvenanceFacts.upscaleOp(out.ops()).map(op -> {
            if (registry == null) {
                throw new IllegalStateException("model " + op.model() + ": no model registry (darkroom.models.dir)");
            }
            return manifestModel(op, registry.metadata(op.model()), out.modelSha256());
        });
    }

    /**
     * The manifest's model: name, version (with " fp16" when the float16 variant ran) and that file's hash: the
     * trusted one when the output carries it (every output planned since the catalog), else the registry's.
     */
    private static Manifest.Model manifestModel(Op.Upscale op, ModelMetadata m, String trusted) {
        String version = m.version() == null ? "unknown" : m.version();
        boolean half = op.precisionOrDefault() == Op.Upscale.Precision.FP16 && m.fp16() != null;
        return new Manifest.Model(
                m.name(),
                half ? version + " fp16" : version,
                trusted != null ? trusted : ProvenanceFacts.modelSha256(op, m));
    }

    /** The container comment tag of an AI-touched output, or empty (the trusted hash, else the registry's). */
    public Optional<String> aiTag(RenderOutput out) {
        return ProvenanceFacts.upscaleOp(out.ops()).map(op -> {
            String sha = out.modelSha256();
            if (sha == null && registry != null) {
                try {
                    sha = ProvenanceFacts.modelSha256(op, registry.metadata(op.model()));
                } catch (RuntimeException e) {
                    LOG.warnf("model %s: no registry metadata for the output tag: %s", op.model(), e.getMessage());
                }
            }
            return ProvenanceFacts.aiTag(op.model(), sha);
        });
    }

    /**
     * Signs and writes the manifest of one finished output.
     *
     * @return null when written, else why not (for the clip's reason)
     */
    public String write(
            JobRow job, ClipRow clip, List<TaskRow> tasks, RenderOutput out, Path output, String audioOutput) {
        try {
            if (key == null) {
                throw new IllegalStateException(keyProblem);
            }
            Manifest manifest = manifest(job, clip, tasks, out, output, audioOutput);
            Path written = ManifestSigner.write(manifest, output, key);
            LOG.infof(
                    "job %s clip %s: provenance manifest %s (key %s)", job.id(), clip.clipName(), written, key.keyId());
            return null;
        } catch (RuntimeException e) {
            LOG.errorf(
                    e,
                    "job %s clip %s: no provenance manifest for %s: %s",
                    job.id(),
                    clip.clipName(),
                    output,
                    e.getMessage());
            return "provenance manifest of " + output.getFileName() + " not written: " + e.getMessage();
        }
    }

    /**
     * Signs and writes the manifest of an approval preview image (source | lanczos | model): the clip's source, the
     * recipe as submitted, the model, no segments, not approved yet.
     *
     * @return the manifest's path
     * @throws IllegalStateException when there is no site key
     */
    public Path writePreview(JobRow job, ClipRow clip, Path image, Op.Upscale op) {
        if (key == null) {
            throw new IllegalStateException(keyProblem);
        }
        if (registry == null) {
            throw new IllegalStateException("model " + op.model() + ": no model registry (darkroom.models.dir)");
        }
        String trusted = clip.renderOutputs().stream()
                .map(RenderOutput::modelSha256)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
        Manifest.Model model = manifestModel(op, registry.metadata(op.model()), trusted);
        Manifest manifest = new Manifest(
                Manifest.SCHEMA_VERSION,
                job.id().toString(),
                clip.clipName(),
                Manifest.OutputFile.of(image),
                List.of(source(clip)),
                Json.mapper().valueToTree(job.recipe()),
                new Manifest.Software(darkroomVersion, ffmpegVersion(), ProvenanceFacts.ONNXRUNTIME_VERSION),
                model,
                List.of(),
                submitter(job),
                null,
                null,
                null,
                job.submittedAt(),
                Instant.now(),
                true);
        Path written = ManifestSigner.write(manifest, image, key);
        LOG.infof("job %s clip %s: provenance manifest %s (key %s)", job.id(), clip.clipName(), written, key.keyId());
        return written;
    }

    /** The submitter as an identity; a job from before identities: its name, issuer "unrecorded". */
    private Actor submitter(JobRow job) {
        return db.read(c -> jobs.submitter(c, job.id()))
                .orElseGet(() -> Actor.legacy(job.submittedBy() == null ? "unknown" : job.submittedBy()));
    }

    private Actor approver(JobRow job, Approval approval) {
        if (approval == null) {
            return null;
        }
        return db.read(c -> approvals.decider(c, job.id())).orElseGet(() -> Actor.legacy(approval.decidedBy()));
    }

    /** The clip's source with its hash: read while the job rendered ({@link SourceHashes}) when unchanged since. */
    private Manifest.Source source(ClipRow clip) {
        Path file = storage.resolveExisting(clip.source());
        return Manifest.Source.of(clip.source(), file, sourceHashes.sha256(file));
    }

    Manifest manifest(
            JobRow job, ClipRow clip, List<TaskRow> tasks, RenderOutput out, Path output, String audioOutput) {
        Manifest.Model model = model(out).orElse(null);
        Approval approval = db.read(c -> approvals.find(c, job.id()))
                .filter(a -> a.status() == Approval.Status.APPROVED)
                .orElse(null);
        List<Manifest.Source> sources = List.of(source(clip));
        List<Manifest.Segment> segments = new ArrayList<>();
        List<TaskRow> video = tasks.stream()
                .filter(t -> t.kind() == TaskKind.VIDEO_SEGMENT)
                .sorted(Comparator.comparingInt(TaskRow::segmentIndex))
                .toList();
        for (TaskRow t : video) {
            segments.add(segment(t, t.segmentIndex(), out.name()));
        }
        // the audio task's file for this output's preset, listed after the video segments
        tasks.stream()
                .filter(t -> t.kind() == TaskKind.AUDIO)
                .findFirst()
                .filter(t -> fileOf(t, audioOutput).isPresent())
                .ifPresent(t -> segments.add(segment(t, video.size(), audioOutput)));
        Manifest.Software software = new Manifest.Software(
                darkroomVersion, ffmpegVersion(), model != null ? ProvenanceFacts.ONNXRUNTIME_VERSION : null);
        return new Manifest(
                Manifest.SCHEMA_VERSION,
                job.id().toString(),
                clip.clipName(),
                Manifest.OutputFile.of(output),
                sources,
                Json.mapper().valueToTree(job.recipe()),
                software,
                model,
                segments,
                submitter(job),
                approver(job, approval),
                approval == null ? null : approvalNote(approval),
                approval == null ? null : approval.decidedAt(),
                job.submittedAt(),
                Instant.now(),
                model != null,
                clip.media().damaged() ? clip.media().damage() : null);
    }

    /** The approver's note, prefixed with the method they chose (the recipe then says which op ran). */
    private static String approvalNote(Approval a) {
        String method = a.method() == Approval.Method.LANCZOS
                ? "approved lanczos3 in place of " + a.model()
                : "approved " + a.model();
        return a.note() == null ? method : method + ": " + a.note();
    }

    private Manifest.Segment segment(TaskRow t, int index, String output) {
        SegmentFile f = fileOf(t, output)
                .orElseThrow(() ->
                        new IllegalStateException("task " + t.id() + " has no promoted file for output " + output));
        Path file = storage.resolveExisting(f.file());
        String name = file.getFileName().toString();
        Optional<ProvenanceFacts.AttemptFile> named = ProvenanceFacts.attemptFile(name);
        String worker = named.map(ProvenanceFacts.AttemptFile::workerId).orElse(t.workerId());
        return new Manifest.Segment(
                index,
                name,
                worker == null ? "unknown" : worker,
                named.map(ProvenanceFacts.AttemptFile::attempt).orElse(t.attempt()),
                named.map(ProvenanceFacts.AttemptFile::delivery).orElse(0),
                Sha256.of(file),
                f.upscaledBy());
    }

    private static Optional<SegmentFile> fileOf(TaskRow task, String output) {
        if (task.promoted() == null) {
            return Optional.empty();
        }
        return task.promoted().stream().filter(f -> output.equals(f.output())).findFirst();
    }

    /** The bundled FFmpeg's version, asked once. */
    String ffmpegVersion() {
        String v = ffmpegVersion;
        if (v == null) {
            Ffmpeg.Result r = Ffmpeg.run(List.of(Ffmpeg.ffmpegBinary().toString(), "-version"), Duration.ofSeconds(30));
            v = r.ok() ? ProvenanceFacts.ffmpegVersion(r.stdout()) : null;
            if (v == null) {
                LOG.warnf("ffmpeg -version failed: %s", r.stderrTail());
                return "unknown";
            }
            ffmpegVersion = v;
        }
        return v;
    }

    /** Where the manifest of an output lives. */
    public static Path manifestPath(Path output) {
        return ManifestSigner.manifestPath(output);
    }
}
