package io.darkroom.process.service;

import io.darkroom.contracts.JobState;
import io.darkroom.contracts.JobSubmitted;
import io.darkroom.contracts.JobSubmitted.ProbedSource;
import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.OutputSpec;
import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.RenderTask.RenderOutput;
import io.darkroom.contracts.RenderTask.TaskKind;
import io.darkroom.contracts.SourceRef;
import io.darkroom.contracts.ops.Op;
import io.darkroom.media.Keyframes;
import io.darkroom.media.RootRules;
import io.darkroom.media.StorageRoots;
import io.darkroom.media.plan.SegmentPlan;
import io.darkroom.media.plan.SegmentPlanner;
import io.darkroom.process.auth.AuditLog;
import io.darkroom.process.config.DarkroomConfig;
import io.darkroom.process.domain.ClipRow;
import io.darkroom.process.domain.ClipState;
import io.darkroom.process.domain.JobRow;
import io.darkroom.process.domain.TaskRow;
import io.darkroom.process.persistence.ClipRepository;
import io.darkroom.process.persistence.Database;
import io.darkroom.process.persistence.JobRepository;
import io.darkroom.process.persistence.TaskRepository;
import io.darkroom.recipe.ApprovalRules;
import io.darkroom.recipe.Budgets;
import io.darkroom.recipe.RecipeRules;
import io.darkroom.recipe.Violation;
import io.darkroom.recipe.geometry.OutputGeometry;
import io.darkroom.security.Identity;
import io.darkroom.security.http.AuditEntry;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Stores a submitted job and plans it, in one transaction: job SUBMITTED, its clips, one VIDEO_SEGMENT task per
 * planned segment and one AUDIO task per clip with audio, job PLANNED. Idempotent by jobId: a repeated submission
 * changes nothing; one whose request hash differs from the stored job's (another body under the same Idempotency-Key,
 * sent while ingest could not yet see the first) changes nothing either, and is logged and recorded in the audit
 * trail as refused. A job that cannot be planned (no sources, unknown preset, no frames) is stored FAILED with the
 * reason, so its submitter can see why. A recipe with {@code approval: required} then waits in AWAITING_APPROVAL for
 * its preview and a person's decision ({@link ApprovalService}).
 */
@ApplicationScoped
public class SubmissionService {
    private static final Logger LOG = Logger.getLogger(SubmissionService.class);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final String SERVICE = "darkroom-process-service";

    private final Database db;
    private final JobRepository jobs;
    private final ClipRepository clips;
    private final TaskRepository tasks;
    private final JobLifecycle lifecycle;
    private final Effects effects;
    private final int defaultSegmentFrames;
    private final boolean snapToKeyframes;
    private final StorageRoots roots;
    private final Budgets budgets;
    private final ApprovalService approvals;
    private final AuditLog audit;
    private final TrustedModels trustedModels;
    private final DispatchService dispatcher;
    private final SourceHashes sourceHashes;

    public SubmissionService(
            Database db,
            JobRepository jobs,
            ClipRepository clips,
            TaskRepository tasks,
            JobLifecycle lifecycle,
            Effects effects,
            ApprovalService approvals,
            AuditLog audit,
            TrustedModels trustedModels,
            DispatchService dispatcher,
            SourceHashes sourceHashes,
            DarkroomConfig config) {
        this.dispatcher = dispatcher;
        this.sourceHashes = sourceHashes;
        this.approvals = approvals;
        this.audit = audit;
        this.trustedModels = trustedModels;
        this.db = db;
        this.jobs = jobs;
        this.clips = clips;
        this.tasks = tasks;
        this.lifecycle = lifecycle;
        this.effects = effects;
        this.defaultSegmentFrames = config.planner().segmentFrames();
        this.snapToKeyframes = config.planner().snapToKeyframes();
        this.roots = StorageRoots.of(config.storage().roots(), config.storage().modes());
        this.budgets = new Budgets(
                config.budgets().outputPixels(),
                config.budgets().sourcePixels(),
                config.budgets().tasksPerJob(),
                defaultSegmentFrames);
    }

    /**
     * Outcome of a submission: whether it was new, and how many tasks it got.
     *
     * @param conflictsWith for a duplicate that is another request under the same job id: the stored job's request
     *                      hash (the submission's own differs); else null
     */
    public record Accepted(UUID jobId, boolean duplicate, int tasks, String conflictsWith) {
        Accepted(UUID jobId, boolean duplicate, int tasks) {
            this(jobId, duplicate, tasks, null);
        }
    }

    /**
     * @throws IllegalArgumentException when the message lacks a usable jobId (nothing can be stored for it)
     */
    public Accepted accept(JobSubmitted s) {
        UUID jobId = parseJobId(s.jobId());
        AfterCommit after = new AfterCommit();
        Accepted result;
        JobSubmitted normalized = normalize(s);
        String problem = planningProblem(normalized);
        // read before the transaction: an ffprobe over a whole source must not hold the job's row and a connection
        List<List<Long>> keyframes = problem == null ? keyframes(jobId, normalized) : List.of();
        try {
            result = db.tx(c -> store(c, jobId, normalized, problem, keyframes, after));
        } catch (PlanningException e) {
            LOG.errorf("job %s: cannot plan: %s", jobId, e.getMessage());
            after.jobEvents.clear();
            result = db.tx(c -> storeFailed(c, jobId, s, "cannot plan: " + e.getMessage(), after));
        }
        effects.run(after);
        if (!result.duplicate() && result.tasks() > 0) {
            // its tasks go out now rather than at the dispatcher's next pass (up to darkroom.dispatch.interval away)
            dispatcher.poke();
            // the manifests' source hashes are read while it renders, not after its last segment
            hashAhead(s);
        }
        if (result.conflictsWith() != null) {
            recordConflict(jobId, normalize(s), result.conflictsWith());
        } else if (result.duplicate()) {
            LOG.infof("job %s: repeated submission ignored", jobId);
        } else {
            LOG.infof(
                    "job %s: planned %d tasks for %d clips (pool %s, priority %d)",
                    jobId, result.tasks(), s.sources() == null ? 0 : s.sources().size(), s.pool(), s.priority());
        }
        return result;
    }

    private void hashAhead(JobSubmitted s) {
        if (s.sources() == null) {
            return;
        }
        for (ProbedSource src : s.sources()) {
            try {
                sourceHashes.ahead(roots.resolveExisting(src.source()));
            } catch (RuntimeException e) {
                // planning read it a moment ago; whatever changed, the manifest reads it again and says so
                LOG.debugf("source %s not hashed ahead: %s", src.source(), e.getMessage());
            }
        }
    }

    /**
     * @param refused   why the job cannot be planned ({@link #planningProblem}), or null
     * @param keyframes each source's keyframe times ({@link #keyframes}), read before this transaction
     */
    private Accepted store(
            Connection c,
            UUID jobId,
            JobSubmitted normalized,
            String refused,
            List<List<Long>> keyframes,
            AfterCommit after) {
        if (!jobs.insert(c, jobId, normalized)) {
            return duplicate(c, jobId, normalized);
        }
        after.jobEvent(jobs.history(c, jobId, null, JobState.SUBMITTED, null));
        JobRow job = jobs.lock(c, jobId).orElseThrow();
        String problem = refused;
        TrustedModels.Resolution models = problem == null ? trustedModels.resolve(c, normalized.recipe()) : null;
        if (problem == null && models.problem() != null) {
            problem = models.problem();
            LOG.warnf("job %s: refused at planning: %s", jobId, problem);
        }
        if (problem != null) {
            lifecycle.transition(c, job, JobState.FAILED, "cannot plan: " + problem, after);
            return new Accepted(jobId, false, 0);
        }
        int segmentFrames = normalized.recipe().segmentFrames() != null
                ? normalized.recipe().segmentFrames()
                : defaultSegmentFrames;
        int count = 0;
        try {
            for (int i = 0; i < normalized.sources().size(); i++) {
                count += planClip(
                        c,
                        jobId,
                        i,
                        normalized.sources().get(i),
                        normalized.recipe(),
                        segmentFrames,
                        keyframes.get(i),
                        models);
            }
        } catch (IllegalArgumentException e) {
            throw new PlanningException(e.getMessage(), e);
        }
        JobRow planned = lifecycle.transition(c, job, JobState.PLANNED, null, after);
        if (normalized.sources().stream().anyMatch(p -> refusesDamaged(normalized.recipe(), p.media()))) {
            // clips failed at planning (damagedSource: fail): the job settles once every clip has ended
            lifecycle.settle(c, planned, after);
            planned = jobs.lock(c, jobId).orElseThrow();
            if (planned.state().terminal()) {
                return new Accepted(jobId, false, count);
            }
        }
        Optional<ApprovalRules.Gate> gate = ApprovalRules.gate(normalized.recipe());
        if (gate.isPresent()) {
            approvals.gate(c, planned, gate.get(), after);
        }
        return new Accepted(jobId, false, count);
    }

    private Accepted storeFailed(Connection c, UUID jobId, JobSubmitted s, String reason, AfterCommit after) {
        JobSubmitted normalized = normalize(s);
        if (!jobs.insert(c, jobId, normalized)) {
            return duplicate(c, jobId, normalized);
        }
        after.jobEvent(jobs.history(c, jobId, null, JobState.SUBMITTED, null));
        lifecycle.transition(c, jobs.lock(c, jobId).orElseThrow(), JobState.FAILED, reason, after);
        return new Accepted(jobId, false, 0);
    }

    /**
     * A submission whose job id is stored already: a repeat, or (both hashes known and different) another request
     * under the same Idempotency-Key. Either way the stored job stays exactly as it is.
     */
    private Accepted duplicate(Connection c, UUID jobId, JobSubmitted s) {
        String stored = jobs.storedRequest(c, jobId)
                .map(JobRepository.StoredRequest::requestSha256)
                .orElse(null);
        boolean conflict = stored != null && s.requestSha256() != null && !stored.equals(s.requestSha256());
        return new Accepted(jobId, true, 0, conflict ? stored : null);
    }

    /**
     * Logs and audits another request under a stored job's Idempotency-Key (the race ingest's 409 cannot see: both
     * published before the first was stored). One audit row per job and conflicting hash, however often the message
     * is delivered, under the submitter the message names; a failure to write it is logged, never retried through the
     * consumer (the job itself is fine).
     */
    private void recordConflict(UUID jobId, JobSubmitted s, String stored) {
        String detail = "Idempotency-Key reused for a different request (sha256 " + s.requestSha256() + "); job "
                + jobId + " keeps its first request (sha256 " + stored + ")";
        LOG.warnf("job %s: submission refused: %s", jobId, detail);
        try {
            Identity who = s.submitter() == null
                    ? null
                    : new Identity(
                            s.submitter().subject(),
                            s.submitter().name(),
                            s.submitter().issuer(),
                            Set.of());
            audit.record(new AuditEntry(
                    java.time.Instant.now(),
                    "idempotency-conflict:" + jobId + ":" + s.requestSha256(),
                    SERVICE,
                    who,
                    "submit",
                    jobId.toString(),
                    null,
                    io.darkroom.contracts.Topics.JOBS_SUBMITTED,
                    409,
                    AuditEntry.outcome(409),
                    detail));
        } catch (RuntimeException e) {
            LOG.errorf(
                    "job %s: the idempotency conflict could not be written to the audit trail: %s",
                    jobId, e.getMessage());
        }
    }

    /**
     * Plans one clip: its outputs (effective ops = the output's own, else the recipe's; size from the last Reformat
     * op, else the square-pixel display size, VBI cropped and desqueezed, fitted into the output's box, or the coded
     * size and pixel aspect for keepAnamorphic: {@code OutputGeometry}), its segments and its audio task. An output
     * with an upscale op carries the trusted hash of the model file it runs ({@code modelSha256}), for the worker.
     */
    private int planClip(
            Connection c,
            UUID jobId,
            int index,
            ProbedSource src,
            Recipe recipe,
            int segmentFrames,
            List<Long> keyframes,
            TrustedModels.Resolution models) {
        MediaInfo media = src.media();
        UUID clipId = uuid(jobId + ":clip:" + index);
        List<RenderOutput> renderOutputs = new ArrayList<>();
        for (OutputSpec o : recipe.outputs()) {
            List<Op> ops = recipe.effectiveOps(o);
            OutputGeometry.Output g = OutputGeometry.of(media, recipe, o);
            renderOutputs.add(new RenderOutput(
                    o.name(),
                    o.preset(),
                    g.size().width(),
                    g.size().height(),
                    o.crf(),
                    ops.isEmpty() ? null : ops,
                    g.sampleAspect(),
                    ops.stream()
                            .filter(Op.Upscale.class::isInstance)
                            .map(op -> models.sha256For((Op.Upscale) op))
                            .findFirst()
                            .orElse(null)));
        }
        clips.insert(
                c,
                new ClipRow(
                        clipId,
                        jobId,
                        index,
                        src.clipName(),
                        src.source(),
                        media,
                        renderOutputs,
                        Map.of(),
                        ClipState.PLANNED,
                        null));
        if (refusesDamaged(recipe, media)) {
            clips.transition(c, clipId, List.of(ClipState.PLANNED), ClipState.FAILED, damagedSourceReason(src));
            LOG.warnf("job %s clip %s: %s", jobId, src.clipName(), damagedSourceReason(src));
            return 0;
        }
        int count = 0;
        for (SegmentPlan p : SegmentPlanner.plan(media, segmentFrames, keyframes)) {
            tasks.insert(
                    c,
                    task(
                            jobId,
                            clipId,
                            index,
                            TaskKind.VIDEO_SEGMENT,
                            p.index(),
                            p.startUs(),
                            p.endUs(),
                            p.expectedFrames()));
            count++;
        }
        if (media.hasAudio()) {
            tasks.insert(c, task(jobId, clipId, index, TaskKind.AUDIO, 0, media.startUs(), Long.MAX_VALUE, 0));
            count++;
        }
        return count;
    }

    /** Whether the recipe's {@code damagedSource: fail} refuses this source (the probe found it damaged). */
    static boolean refusesDamaged(Recipe recipe, MediaInfo media) {
        return recipe != null && recipe.failsDamagedSources() && media != null && media.damaged();
    }

    /** Why a damaged source's clip failed: names the source file and its damage, never an output. */
    static String damagedSourceReason(ProbedSource src) {
        String file = src.source() == null || src.source().path() == null
                ? src.clipName()
                : src.source().path();
        return "source " + file + " is damaged ("
                + String.join("; ", src.media().damage()) + ") and the recipe says damagedSource: fail";
    }

    /** Each source's keyframe times, in the job's order ({@link #keyframesOf}); none for a clip failed at planning. */
    private List<List<Long>> keyframes(UUID jobId, JobSubmitted s) {
        List<List<Long>> all = new ArrayList<>();
        for (ProbedSource src : s.sources()) {
            all.add(refusesDamaged(s.recipe(), src.media()) ? List.of() : keyframesOf(jobId, src));
        }
        return all;
    }

    /** The source's keyframe times for cut snapping; empty (even cuts) when disabled or unreadable here. */
    private List<Long> keyframesOf(UUID jobId, ProbedSource src) {
        if (!snapToKeyframes) {
            return List.of();
        }
        try {
            return Keyframes.of(roots.resolveExisting(src.source()));
        } catch (RuntimeException e) {
            LOG.warnf(
                    "job %s: keyframes of %s unknown (%s); cutting segments evenly",
                    jobId, src.source(), e.getMessage());
            return List.of();
        }
    }

    private static TaskRow task(
            UUID jobId, UUID clipId, int clipIndex, TaskKind kind, int seg, long startUs, long endUs, long frames) {
        UUID id = uuid(jobId + ":" + clipIndex + ":" + kind + ":" + seg);
        return TaskRow.pending(id, jobId, clipId, kind, seg, startUs, endUs, frames);
    }

    /**
     * Why a job cannot be planned, or null: the recipe rules ingest applies ({@link #problemOf}), and the root modes
     * again (a message on the jobs topic is untrusted input: ingest's checks do not vouch for whoever else could
     * write there).
     */
    private String planningProblem(JobSubmitted s) {
        String recipe = problemOf(s);
        if (recipe != null) {
            return recipe;
        }
        List<SourceRef> sources = s.sources() == null
                ? List.of()
                : s.sources().stream().map(p -> p == null ? null : p.source()).toList();
        Optional<String> problem = RootRules.problem(roots, sources, s.recipe(), s.destination());
        if (problem.isEmpty()) {
            problem = budgets
                    .check(
                            s.recipe(),
                            s.sources().stream().map(ProbedSource::media).toList())
                    .stream()
                    .findFirst()
                    .map(Violation::message);
        }
        return problem.map(p -> {
                    LOG.warnf("job %s: refused at planning: %s", s.jobId(), p);
                    return p;
                })
                .orElse(null);
    }

    static String problemOf(JobSubmitted s) {
        return RecipeRules.planProblem(s)
                .map(v -> {
                    LOG.warnf("job %s: refused at planning: %s", s.jobId(), v.describe());
                    return v.message();
                })
                .orElse(null);
    }

    private static JobSubmitted normalize(JobSubmitted s) {
        String pool = s.pool() == null || s.pool().isBlank() ? io.darkroom.contracts.Topics.DEFAULT_POOL : s.pool();
        String hash = s.requestSha256();
        if (hash != null && !SHA256.matcher(hash).matches()) {
            LOG.warnf("job %s: requestSha256 is not 64 lower-case hex digits; taken as none", s.jobId());
            hash = null;
        }
        return new JobSubmitted(
                s.schema(),
                s.jobId(),
                s.name(),
                s.priority(),
                pool,
                s.recipe(),
                s.sources(),
                s.destination(),
                s.submittedBy(),
                s.submittedAt(),
                s.jobDate(),
                s.submitter(),
                hash);
    }

    static UUID parseJobId(String jobId) {
        if (jobId == null) {
            throw new IllegalArgumentException("JobSubmitted without jobId");
        }
        try {
            return UUID.fromString(jobId);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("JobSubmitted with malformed jobId '" + jobId + "'", e);
        }
    }

    private static UUID uuid(String name) {
        return UUID.nameUUIDFromBytes(("darkroom:" + name).getBytes(StandardCharsets.UTF_8));
    }

    /** Planning failed although the submission looked valid; the transaction is rolled back. */
    public static final class PlanningException extends RuntimeException {
        PlanningException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
