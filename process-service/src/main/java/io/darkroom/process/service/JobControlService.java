package io.darkroom.process.service;

import io.darkroom.contracts.JobState;
import io.darkroom.contracts.WorkerControl;
import io.darkroom.process.domain.ClipRow;
import io.darkroom.process.domain.ClipState;
import io.darkroom.process.domain.JobRow;
import io.darkroom.process.domain.JobTransitions;
import io.darkroom.process.domain.TaskState;
import io.darkroom.process.persistence.ClipRepository;
import io.darkroom.process.persistence.Database;
import io.darkroom.process.persistence.JobRepository;
import io.darkroom.process.persistence.TaskRepository;
import io.darkroom.process.service.ControlRefusedException.Kind;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * A person steering a job: cancel, pause, resume, retry, priority. Each runs in one transaction with the job row
 * locked (so it serialises with task events and the dispatcher's bookkeeping); job events and worker commands go
 * out after the commit.
 */
@ApplicationScoped
public class JobControlService {
    private static final Logger LOG = Logger.getLogger(JobControlService.class);
    /** Above this many tasks a CancelTasks names none (= every task of the job), to keep the record small. */
    static final int MAX_LISTED_TASKS = 1000;

    public static final int MIN_PRIORITY = 0;
    public static final int MAX_PRIORITY = 100;

    private final Database db;
    private final JobRepository jobs;
    private final ClipRepository clips;
    private final TaskRepository tasks;
    private final JobLifecycle lifecycle;
    private final Effects effects;
    private final CancelFollowUp followUp;

    public JobControlService(
            Database db,
            JobRepository jobs,
            ClipRepository clips,
            TaskRepository tasks,
            JobLifecycle lifecycle,
            Effects effects,
            CancelFollowUp followUp) {
        this.db = db;
        this.jobs = jobs;
        this.clips = clips;
        this.tasks = tasks;
        this.lifecycle = lifecycle;
        this.effects = effects;
        this.followUp = followUp;
    }

    /**
     * Cancels a job that has not ended: open tasks and unfinished clips CANCELLED, job CANCELLED; then every worker is
     * told (CancelTasks naming every task that was open, PENDING ones included: the dispatcher may have published one
     * a moment before its bookkeeping saw the cancel) and the work folder is removed once the workers stopped.
     *
     * @return whether the workers' command was acknowledged by the broker (false: re-sent in the background)
     */
    public boolean cancel(UUID jobId, String by, String note) {
        String reason = "cancelled" + (by == null || by.isBlank() ? "" : " by " + by)
                + (note == null || note.isBlank() ? "" : ": " + note);
        AfterCommit after = new AfterCommit();
        List<UUID> open = db.tx(c -> {
            JobRow job = locked(c, jobId);
            if (job.state().terminal()) {
                throw new ControlRefusedException(
                        Kind.CONFLICT,
                        "job " + jobId + " is " + job.state()
                                + " already; only a job that has not ended can be cancelled");
            }
            List<UUID> ids = tasks.openIds(c, jobId);
            tasks.cancelOpen(c, jobId, reason);
            clips.cancelUnfinished(c, jobId, reason);
            lifecycle.transition(c, job, JobState.CANCELLED, reason, after);
            return ids;
        });
        effects.run(after);
        LOG.infof("job %s: %s; %d open task(s) cancelled", jobId, reason, open.size());
        List<String> ids = open.size() > MAX_LISTED_TASKS
                ? List.of()
                : open.stream().map(UUID::toString).toList();
        boolean sent = followUp.notifyWorkers(new WorkerControl.CancelTasks(
                UUID.randomUUID().toString(), Instant.now(), jobId.toString(), ids, reason));
        followUp.dropLeftovers(jobId);
        return sent;
    }

    /** PLANNED or RUNNING -> PAUSED: nothing new is dispatched; published and running tasks go on. */
    public void pause(UUID jobId, String by) {
        AfterCommit after = new AfterCommit();
        db.tx(c -> {
            JobRow job = locked(c, jobId);
            if (!JobTransitions.pausable(job.state())) {
                throw new ControlRefusedException(
                        Kind.CONFLICT,
                        "job " + jobId + " is " + job.state() + "; only a PLANNED or RUNNING job can be paused");
            }
            return lifecycle.transition(c, job, JobState.PAUSED, by(by, "paused"), after);
        });
        effects.run(after);
    }

    /**
     * PAUSED -> RUNNING (PLANNED when no task ever left the backlog); then catches up on clips whose tasks all
     * finished while paused.
     */
    public void resume(UUID jobId, String by) {
        AfterCommit after = new AfterCommit();
        db.tx(c -> {
            JobRow job = locked(c, jobId);
            if (job.state() != JobState.PAUSED) {
                throw new ControlRefusedException(
                        Kind.CONFLICT, "job " + jobId + " is " + job.state() + ", not PAUSED");
            }
            JobState to = tasks.anyDispatched(c, jobId) ? JobState.RUNNING : JobState.PLANNED;
            JobRow now = lifecycle.transition(c, job, to, by(by, "resumed"), after);
            jobs.clearReason(c, jobId);
            lifecycle.reconcile(c, now, after);
            return null;
        });
        effects.run(after);
    }

    /**
     * Retries a FAILED or PARTIAL job (its clips that did not end DONE). {@code failedOnly=false}: every clip that did not end DONE (FAILED, or CANCELLED because
     * the job failed) gets its FAILED and CANCELLED tasks back as fresh attempts. {@code failedOnly=true}: only the
     * clips that FAILED themselves; clips cancelled as a consequence stay CANCELLED, so the job ends FAILED again
     * (naming them) unless it has none — a cheap way to find out whether the failing clip now passes. Promoted
     * results (DONE tasks) are kept either way; a clip whose tasks are all DONE (it failed in assembly or QC) is
     * assembled again.
     *
     * @return how many tasks went back to the backlog
     */
    public int retry(UUID jobId, boolean failedOnly, String by) {
        AfterCommit after = new AfterCommit();
        int reopened = db.tx(c -> {
            JobRow job = locked(c, jobId);
            if (job.state() != JobState.FAILED && job.state() != JobState.PARTIAL) {
                throw new ControlRefusedException(
                        Kind.CONFLICT,
                        "job " + jobId + " is " + job.state() + "; only a FAILED or PARTIAL job can be retried");
            }
            List<UUID> clipIds = clips.byJob(c, jobId).stream()
                    .filter(cl -> cl.state() == ClipState.FAILED || (!failedOnly && cl.state() == ClipState.CANCELLED))
                    .map(ClipRow::id)
                    .toList();
            if (clipIds.isEmpty()) {
                throw new ControlRefusedException(
                        Kind.CONFLICT,
                        "job " + jobId + " has no " + (failedOnly ? "FAILED" : "FAILED or CANCELLED")
                                + " clip to retry");
            }
            String why = by(by, "retry" + (failedOnly ? " of failed clips" : ""));
            int n = tasks.reopen(c, jobId, clipIds, why);
            clips.reopen(c, clipIds);
            JobState to = tasks.countInState(c, jobId, TaskState.DONE) > 0 ? JobState.RUNNING : JobState.PLANNED;
            JobRow now = lifecycle.reopen(c, job, to, why, after);
            lifecycle.reconcile(c, now, after);
            return n;
        });
        effects.run(after);
        LOG.infof(
                "job %s: retry%s, %d task(s) back in the backlog",
                jobId, failedOnly ? " (failed clips only)" : "", reopened);
        return reopened;
    }

    /** Sets the priority (0..100) of a job that has not ended; the next dispatcher pass uses it. */
    public void priority(UUID jobId, int priority) {
        if (priority < MIN_PRIORITY || priority > MAX_PRIORITY) {
            throw new ControlRefusedException(
                    Kind.INVALID, "priority must be " + MIN_PRIORITY + ".." + MAX_PRIORITY + ", got " + priority);
        }
        db.tx(c -> {
            JobRow job = locked(c, jobId);
            if (job.state().terminal()) {
                throw new ControlRefusedException(
                        Kind.CONFLICT, "job " + jobId + " is " + job.state() + "; its priority no longer matters");
            }
            jobs.setPriority(c, jobId, priority);
            LOG.infof("job %s: priority %d -> %d", jobId, job.priority(), priority);
            return null;
        });
    }

    private JobRow locked(Connection c, UUID jobId) {
        return jobs.lock(c, jobId).orElseThrow(() -> new ControlRefusedException(Kind.NOT_FOUND, "no job " + jobId));
    }

    private static String by(String by, String what) {
        return by == null || by.isBlank() ? what : what + " by " + by;
    }
}
