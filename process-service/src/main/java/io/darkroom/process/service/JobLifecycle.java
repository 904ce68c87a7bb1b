package io.darkroom.process.service;

import io.darkroom.contracts.JobState;
import io.darkroom.contracts.RenderTask.TaskKind;
import io.darkroom.process.domain.ClipRow;
import io.darkroom.process.domain.ClipState;
import io.darkroom.process.domain.JobOutcome;
import io.darkroom.process.domain.JobRow;
import io.darkroom.process.domain.TaskRow;
import io.darkroom.process.persistence.ClipRepository;
import io.darkroom.process.persistence.JobRepository;
import io.darkroom.process.persistence.TaskRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * State changes that span job, clips and tasks, run inside a caller's transaction with the job row locked. Every
 * job transition writes a history row and queues its JobEvent for after the commit.
 */
@ApplicationScoped
public class JobLifecycle {
    private static final Set<ClipState> PAST_RENDERING =
            EnumSet.of(ClipState.ASSEMBLING, ClipState.DONE, ClipState.FAILED, ClipState.CANCELLED);

    private final JobRepository jobs;
    private final ClipRepository clips;
    private final TaskRepository tasks;

    public JobLifecycle(JobRepository jobs, ClipRepository clips, TaskRepository tasks) {
        this.jobs = jobs;
        this.clips = clips;
        this.tasks = tasks;
    }

    /** Moves a locked job if the transition is legal; returns the job as it is now. */
    public JobRow transition(Connection c, JobRow job, JobState to, String reason, AfterCommit after) {
        return jobs.transition(c, job, to, reason)
                .map(row -> {
                    after.jobEvent(row);
                    return job.with(to, reason == null ? job.reason() : reason);
                })
                .orElse(job);
    }

    /** A person's retry of a FAILED job (history row and JobEvent like any transition). */
    public JobRow reopen(Connection c, JobRow job, JobState to, String why, AfterCommit after) {
        return jobs.reopen(c, job, to, why)
                .map(row -> {
                    after.jobEvent(row);
                    return job.with(to, null);
                })
                .orElse(job);
    }

    /**
     * Catches up on what could not happen while the job was paused or failed: clips whose tasks are all DONE go
     * ASSEMBLING, and a job whose clips all ended gets its outcome. Idempotent.
     */
    public void reconcile(Connection c, JobRow job, AfterCommit after) {
        for (ClipRow clip : clips.byJob(c, job.id())) {
            if (clip.state() == ClipState.PLANNED) {
                taskDone(c, job, clip.id(), after);
            }
        }
        JobRow now = jobs.find(c, job.id()).orElse(job);
        List<ClipRow> all = clips.byJob(c, job.id());
        if (!now.state().terminal() && all.stream().allMatch(cl -> PAST_RENDERING.contains(cl.state()))) {
            JobRow assembling = transition(c, now, JobState.ASSEMBLING, null, after);
            clipFinished(c, assembling, after);
        }
    }

    /**
     * A task failed for good: the task and its clip FAILED, the clip's other open tasks CANCELLED. Other clips go on
     * (each clip succeeds or fails on its own); once every clip ended, the job gets its outcome (see
     * {@link #settle}).
     */
    public void failTask(Connection c, JobRow job, TaskRow task, String reason, AfterCommit after) {
        tasks.fail(c, task.id(), reason);
        clips.transition(c, task.clipId(), List.of(ClipState.PLANNED, ClipState.ASSEMBLING), ClipState.FAILED, reason);
        tasks.cancelOpenOfClip(c, task.clipId(), "cancelled: clip failed (" + reason + ")");
        settle(c, job, after);
    }

    /**
     * After a clip failed outside assembly: when every clip is past rendering, the job goes ASSEMBLING (some clip
     * still being assembled, or DONE ones needing the job's artifacts) or straight to FAILED (no clip DONE). A PAUSED
     * job waits for its resume ({@link #reconcile}).
     */
    void settle(Connection c, JobRow job, AfterCommit after) {
        if (job.state().terminal() || job.state() == JobState.PAUSED) {
            return;
        }
        List<ClipRow> all = clips.byJob(c, job.id());
        if (!all.stream().allMatch(cl -> PAST_RENDERING.contains(cl.state()))) {
            return;
        }
        List<JobOutcome.ClipResult> results = results(all);
        if (JobOutcome.of(results).orElse(null) == JobState.FAILED) {
            transition(c, job, JobState.FAILED, JobOutcome.failureReason(results), after);
            return;
        }
        clipFinished(c, transition(c, job, JobState.ASSEMBLING, null, after), after);
    }

    /**
     * A task of {@code clipId} became DONE: when it was the clip's last, the clip goes ASSEMBLING (and is queued
     * for assembly); when every clip is past rendering, the job goes ASSEMBLING. A clip of no-op tasks (bench only)
     * goes DONE instead, and its job SUCCEEDED.
     */
    public void taskDone(Connection c, JobRow job, UUID clipId, AfterCommit after) {
        if (tasks.anyNotDone(c, clipId)) {
            return;
        }
        if (tasks.onlyKind(c, clipId, TaskKind.NOOP)) {
            // a bench job's no-op clip (NoopJobs): nothing to assemble, so DONE at once, and the job concludes
            // without artifacts once every clip is DONE
            clips.transition(c, clipId, List.of(ClipState.PLANNED), ClipState.DONE, null);
            if (clips.byJob(c, job.id()).stream().allMatch(cl -> cl.state() == ClipState.DONE)) {
                conclude(c, transition(c, job, JobState.ASSEMBLING, null, after), null, after);
            }
            return;
        }
        if (clips.transition(c, clipId, List.of(ClipState.PLANNED), ClipState.ASSEMBLING, null)) {
            after.assemble(clipId);
        }
        List<ClipRow> all = clips.byJob(c, job.id());
        if (all.stream().allMatch(cl -> PAST_RENDERING.contains(cl.state()))) {
            JobRow now = transition(c, job, JobState.ASSEMBLING, null, after);
            clipFinished(c, now, after);
        }
    }

    /**
     * After a clip ended: when every clip ended, a job with no clip DONE is FAILED at once (with the clips' reasons);
     * otherwise (every clip DONE, or some) the job stays ASSEMBLING and its artifacts (posters, contact sheet, ALE)
     * are queued; {@link #conclude} then gives it SUCCEEDED or PARTIAL.
     */
    public void clipFinished(Connection c, JobRow job, AfterCommit after) {
        if (job.state().terminal()) {
            return;
        }
        List<JobOutcome.ClipResult> results = results(clips.byJob(c, job.id()));
        JobOutcome.of(results).ifPresent(outcome -> {
            if (outcome == JobState.FAILED) {
                transition(c, job, JobState.FAILED, JobOutcome.failureReason(results), after);
            } else if (job.state() == JobState.ASSEMBLING) {
                after.finishJob(job.id());
            }
        });
    }

    /**
     * The job's artifacts are made (or could not be, {@code artifactNote} says why): an ASSEMBLING job whose clips all
     * ended gets its outcome, SUCCEEDED or PARTIAL (reason {@code "k of n clips failed: ..."}), or FAILED should no
     * clip be DONE. Returns whether it moved.
     */
    public boolean conclude(Connection c, JobRow job, String artifactNote, AfterCommit after) {
        if (job.state() != JobState.ASSEMBLING) {
            return false;
        }
        List<JobOutcome.ClipResult> results = results(clips.byJob(c, job.id()));
        JobState outcome = JobOutcome.of(results).orElse(null);
        if (outcome == null) {
            return false;
        }
        String reason = outcome == JobState.SUCCEEDED ? null : JobOutcome.failureReason(results);
        if (artifactNote != null) {
            reason = reason == null ? artifactNote : reason + "; " + artifactNote;
        }
        return transition(c, job, outcome, reason, after).state() == outcome;
    }

    private static List<JobOutcome.ClipResult> results(List<ClipRow> clips) {
        return clips.stream()
                .map(cl -> new JobOutcome.ClipResult(cl.clipName(), cl.state(), cl.reason()))
                .toList();
    }
}
