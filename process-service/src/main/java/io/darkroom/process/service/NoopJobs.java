package io.darkroom.process.service;

import io.darkroom.contracts.Actor;
import io.darkroom.contracts.JobState;
import io.darkroom.contracts.JobSubmitted;
import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.RenderTask.TaskKind;
import io.darkroom.contracts.SourceRef;
import io.darkroom.process.config.DarkroomConfig;
import io.darkroom.process.domain.ClipRow;
import io.darkroom.process.domain.ClipState;
import io.darkroom.process.domain.TaskRow;
import io.darkroom.process.persistence.ClipRepository;
import io.darkroom.process.persistence.Database;
import io.darkroom.process.persistence.JobRepository;
import io.darkroom.process.persistence.TaskRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Jobs of no-op tasks ({@link TaskKind#NOOP}) for bench/dispatch and tests: the rules of such jobs in one place. They
 * are made only here, only when {@code darkroom.bench.noop-jobs} is on (a submission never plans one), and take the
 * real path: PENDING, dispatcher, the pool's share group, a worker that runs no-op tasks, TaskDone, DONE. A no-op task
 * reports no files ({@link TaskEventService}), and its clip ends DONE without assembly ({@link JobLifecycle#taskDone}),
 * so the job goes SUCCEEDED with no outputs.
 */
@ApplicationScoped
public class NoopJobs {
    private static final Logger LOG = Logger.getLogger(NoopJobs.class);
    /** Where a no-op job's clip claims to come from; nothing is ever read or written there. */
    static final SourceRef NOWHERE = new SourceRef(RenderTasks.WORK_ROOT, "bench/noop");

    private final Database db;
    private final JobRepository jobs;
    private final ClipRepository clips;
    private final TaskRepository tasks;
    private final JobLifecycle lifecycle;
    private final Effects effects;
    private final boolean enabled;
    private final int maxTasks;

    public NoopJobs(
            Database db,
            JobRepository jobs,
            ClipRepository clips,
            TaskRepository tasks,
            JobLifecycle lifecycle,
            Effects effects,
            DarkroomConfig config) {
        this.db = db;
        this.jobs = jobs;
        this.clips = clips;
        this.tasks = tasks;
        this.lifecycle = lifecycle;
        this.effects = effects;
        this.enabled = config.bench().noopJobs();
        this.maxTasks = config.budgets().tasksPerJob();
    }

    /** Whether no-op jobs may be made here ({@code darkroom.bench.noop-jobs}). */
    public boolean enabled() {
        return enabled;
    }

    /** Why a job of {@code n} no-op tasks cannot be made, or empty: 1 to the site's tasks-per-job budget. */
    public Optional<String> problem(long n) {
        if (n < 1 || n > maxTasks) {
            return Optional.of("tasks must be 1 to " + maxTasks + " (darkroom.budgets.tasks-per-job), was " + n);
        }
        return Optional.empty();
    }

    /**
     * Stores a job of {@code n} no-op tasks in {@code pool} (one clip), PLANNED, in one transaction; the dispatcher
     * takes it from there. The caller has checked {@link #enabled()} and {@link #problem}.
     */
    public UUID create(int n, String pool, Actor by) {
        if (!enabled || problem(n).isPresent()) {
            throw new IllegalStateException("no-op jobs are off or " + n + " is out of range");
        }
        UUID jobId = UUID.randomUUID();
        Instant now = Instant.now();
        JobSubmitted s = new JobSubmitted(
                JobSubmitted.SCHEMA,
                jobId.toString(),
                "bench no-op " + n + " tasks",
                0,
                pool,
                Recipe.of(List.of()),
                List.of(),
                NOWHERE,
                by.name(),
                now,
                LocalDate.ofInstant(now, ZoneOffset.UTC),
                by);
        AfterCommit after = new AfterCommit();
        db.tx(c -> {
            jobs.insert(c, jobId, s);
            after.jobEvent(jobs.history(c, jobId, null, JobState.SUBMITTED, null));
            UUID clipId = UUID.randomUUID();
            clips.insert(
                    c,
                    new ClipRow(
                            clipId, jobId, 0, "noop", NOWHERE, MEDIA, List.of(), Map.of(), ClipState.PLANNED, null));
            for (int i = 0; i < n; i++) {
                tasks.insert(c, task(jobId, clipId, i));
            }
            lifecycle.transition(c, jobs.lock(c, jobId).orElseThrow(), JobState.PLANNED, null, after);
            return null;
        });
        effects.run(after);
        LOG.infof("job %s: planned %d no-op tasks (bench) in pool %s for %s", jobId, n, pool, by.name());
        return jobId;
    }

    private static TaskRow task(UUID jobId, UUID clipId, int i) {
        return TaskRow.pending(UUID.randomUUID(), jobId, clipId, TaskKind.NOOP, i, 0, 0, 0);
    }

    /** A stand-in for a probe: a 64x64 25 fps picture, so every view and message of the task stays well-formed. */
    private static final MediaInfo MEDIA = new MediaInfo(
            "none", "none", 64, 64, 0, 64, 64, "yuv420p", 25, 1, false, 0, 0, 0, 0, 0, null, null, 0, null, null, null,
            null, null, "1:1", false, List.of(), null, false);
}
