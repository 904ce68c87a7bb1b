package io.darkroom.process.service;

import io.darkroom.contracts.AttemptFiles;
import io.darkroom.contracts.FailureReason;
import io.darkroom.contracts.RenderTask;
import io.darkroom.contracts.TaskEvent;
import io.darkroom.contracts.TaskEvent.TaskDone;
import io.darkroom.contracts.TaskEvent.TaskFailed;
import io.darkroom.contracts.TaskEvent.TaskProgress;
import io.darkroom.contracts.TaskEvent.TaskStarted;
import io.darkroom.contracts.Topics;
import io.darkroom.process.config.DarkroomConfig;
import io.darkroom.process.domain.ClipRow;
import io.darkroom.process.domain.JobRow;
import io.darkroom.process.domain.RetryPolicy;
import io.darkroom.process.domain.TaskRow;
import io.darkroom.process.domain.TaskState;
import io.darkroom.process.persistence.ClipRepository;
import io.darkroom.process.persistence.Database;
import io.darkroom.process.persistence.JobRepository;
import io.darkroom.process.persistence.TaskRepository;
import io.darkroom.process.persistence.WorkerRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Applies what workers report about task attempts, idempotently: events of superseded attempts and repeated events
 * change nothing; a result is promoted at most once per task. Also re-dispatches stalled tasks.
 */
@ApplicationScoped
public class TaskEventService {
    private static final Logger LOG = Logger.getLogger(TaskEventService.class);

    private final Database db;
    private final JobRepository jobs;
    private final ClipRepository clips;
    private final TaskRepository tasks;
    private final JobLifecycle lifecycle;
    private final Effects effects;
    private final RetryPolicy retry;
    private final Duration stallTimeout;
    private final Counter promotions;
    private final Counter refused;
    private final WorkerRepository workers;
    private final Duration heartbeatTimeout;
    private final DispatchService dispatcher;

    public TaskEventService(
            Database db,
            JobRepository jobs,
            ClipRepository clips,
            TaskRepository tasks,
            WorkerRepository workers,
            JobLifecycle lifecycle,
            Effects effects,
            DispatchService dispatcher,
            DarkroomConfig config,
            MeterRegistry registry) {
        this.dispatcher = dispatcher;
        this.workers = workers;
        this.heartbeatTimeout = config.dispatch().heartbeatTimeout();
        this.db = db;
        this.jobs = jobs;
        this.clips = clips;
        this.tasks = tasks;
        this.lifecycle = lifecycle;
        this.effects = effects;
        this.retry = new RetryPolicy(
                config.dispatch().maxAttempts(),
                config.dispatch().backoff(),
                config.dispatch().maxBackoff());
        this.stallTimeout = config.dispatch().stallTimeout();
        this.promotions = Counter.builder("darkroom.task.promotions")
                .description("Task results promoted (at most one per task)")
                .register(registry);
        this.refused = Counter.builder("darkroom.task.results.refused")
                .description("Task results refused: files not those of the task's current attempt")
                .register(registry);
    }

    /** Applies one event in its own transaction; returns whether it changed the catalog. */
    public boolean apply(TaskEvent event) {
        return applyAll(List.of(event)) == 1;
    }

    /**
     * Applies events in one transaction, all or none, with the same rules as {@link #apply} one by one: a job's
     * events in the order given, jobs in id order (the order {@link DispatchService} locks job rows in, so two
     * such transactions, of this replica or another, cannot deadlock on job rows). What the events decided (job
     * events, assembly, dead letters, a dispatch pass, metrics) runs after the commit only. Returns how many events
     * changed the catalog.
     * Throws, having changed nothing, when any event cannot be applied: the caller applies them one at a time then.
     */
    public int applyAll(List<TaskEvent> events) {
        Map<UUID, List<Parsed>> byJob = new TreeMap<>();
        for (TaskEvent event : events) {
            UUID taskId = parse(event.taskId());
            UUID jobId = parse(event.jobId());
            if (taskId == null || jobId == null) {
                LOG.warnf(
                        "job %s task %s: ignoring %s event with malformed ids",
                        event.jobId(), event.taskId(), event.getClass().getSimpleName());
            } else {
                byJob.computeIfAbsent(jobId, id -> new ArrayList<>()).add(new Parsed(event, jobId, taskId));
            }
        }
        if (byJob.isEmpty()) {
            return 0;
        }
        // a fresh outcome per try: Database.tx runs the work again after a deadlock
        Outcome outcome = db.tx(c -> {
            Outcome o = new Outcome();
            byJob.values().forEach(jobEvents -> jobEvents.forEach(e -> o.count(e.event(), applyIn(c, e, o))));
            return o;
        });
        promotions.increment(outcome.promoted);
        refused.increment(outcome.refused);
        effects.run(outcome.after);
        if (outcome.slotsFreed) {
            // a task's slot is free now (WorkerRepository.capacity): fill it without waiting for the next pass
            dispatcher.poke();
        }
        return outcome.changed;
    }

    /** One event with its parsed ids. */
    private record Parsed(TaskEvent event, UUID jobId, UUID taskId) {}

    /** What a transaction of events did, acted on once it committed. */
    private static final class Outcome {
        final AfterCommit after = new AfterCommit();
        int changed;
        int promoted;
        int refused;
        boolean slotsFreed;

        void count(TaskEvent event, boolean applied) {
            if (applied) {
                changed++;
                slotsFreed |= event instanceof TaskDone || event instanceof TaskFailed;
            }
        }
    }

    /** Applies one event inside the caller's transaction, locking its job row, then its task row. */
    private boolean applyIn(Connection c, Parsed e, Outcome o) {
        // locked again for each event: an earlier event of this transaction may have moved the job
        Optional<JobRow> job = jobs.lock(c, e.jobId());
        Optional<TaskRow> task = job.isEmpty() ? Optional.empty() : tasks.lock(c, e.taskId());
        if (task.isEmpty() || !task.get().jobId().equals(e.jobId())) {
            LOG.warnf("job %s task %s: event for an unknown task ignored", e.jobId(), e.taskId());
            return false;
        }
        if (e.event() instanceof TaskStarted s) {
            return started(c, task.get(), s);
        } else if (e.event() instanceof TaskProgress p) {
            return tasks.progress(c, e.taskId(), p.attempt(), p.delivery(), p.workerId(), p.framesDone());
        } else if (e.event() instanceof TaskDone d) {
            return done(c, job.get(), task.get(), d, o);
        }
        return failed(c, job.get(), task.get(), (TaskFailed) e.event(), o.after);
    }

    private boolean started(Connection c, TaskRow task, TaskStarted s) {
        if (s.attempt() != task.attempt()) {
            LOG.debugf(
                    "job %s task %s: started event of superseded attempt %d ignored (current %d)",
                    task.jobId(), task.id(), s.attempt(), task.attempt());
            return false;
        }
        boolean changed = tasks.markRunning(c, task.id(), s.attempt(), s.delivery(), s.workerId());
        if (changed
                && task.state() == TaskState.RUNNING
                && task.workerId() != null
                && !task.workerId().equals(s.workerId())) {
            // the record came back through the share group (lock expired: the worker died or lost the broker)
            LOG.infof(
                    "job %s task %s: attempt %d taken over by %s (delivery %d), was on %s",
                    task.jobId(), task.id(), s.attempt(), s.workerId(), s.delivery(), task.workerId());
        } else if (changed) {
            LOG.debugf(
                    "job %s task %s: attempt %d started on %s (delivery %d)",
                    task.jobId(), task.id(), s.attempt(), s.workerId(), s.delivery());
        } else {
            LOG.debugf(
                    "job %s task %s: start of attempt %d delivery %d on %s ignored (task %s, a later delivery "
                            + "runs it, or it ended)",
                    task.jobId(), task.id(), s.attempt(), s.delivery(), s.workerId(), task.state());
        }
        return changed;
    }

    private boolean done(Connection c, JobRow job, TaskRow task, TaskDone d, Outcome o) {
        if (job.state().terminal() || !TaskState.OPEN.contains(task.state())) {
            LOG.infof(
                    "job %s task %s: result of attempt %d from %s not promoted (task %s, job %s)",
                    job.id(), task.id(), d.attempt(), d.workerId(), task.state(), job.state());
            return false;
        }
        Optional<String> untrusted = resultProblem(c, task, d);
        if (untrusted.isPresent()) {
            // anyone on the bus can send a TaskDone: its files are promoted (and later signed) only when they are
            // exactly the files this attempt writes in this task's own work folder
            o.refused++;
            LOG.warnf(
                    "job %s task %s: result of attempt %d from %s refused: %s",
                    job.id(), task.id(), d.attempt(), d.workerId(), untrusted.get());
            return false;
        }
        if (!tasks.promote(c, task.id(), d.workerId(), d.files())) {
            return false;
        }
        jobs.addPromotion(c, job.id());
        o.promoted++;
        LOG.infof(
                "job %s task %s: promoted attempt %d from %s (%d files)",
                job.id(),
                task.id(),
                d.attempt(),
                d.workerId(),
                d.files() == null ? 0 : d.files().size());
        lifecycle.taskDone(c, job, task.clipId(), o.after);
        return true;
    }

    private Optional<String> resultProblem(Connection c, TaskRow task, TaskDone d) {
        if (task.kind() == RenderTask.TaskKind.NOOP) {
            // a bench job's no-op task (NoopJobs) has nothing to promote: a result naming files is not its own
            return d.files() == null || d.files().isEmpty()
                    ? Optional.empty()
                    : Optional.of("a no-op task reports no files, this result names "
                            + d.files().size());
        }
        Set<String> outputs = clips.find(c, task.clipId())
                .map(clip -> clip.renderOutputs().stream()
                        .map(RenderTask.RenderOutput::name)
                        .collect(Collectors.toSet()))
                .orElse(Set.of());
        return AttemptFiles.problem(
                RenderTasks.outputPrefix(task), outputs, d.attempt(), task.attempt(), d.workerId(), d.files());
    }

    private boolean failed(Connection c, JobRow job, TaskRow task, TaskFailed f, AfterCommit after) {
        if (f.attempt() != task.attempt()
                || !TaskState.OPEN.contains(task.state())
                || job.state().terminal()) {
            LOG.debugf(
                    "job %s task %s: failure of attempt %d ignored (current %d, %s)",
                    job.id(), task.id(), f.attempt(), task.attempt(), task.state());
            return false;
        }
        int running = tasks.delivery(c, task.id());
        if (f.delivery() > 0 && f.delivery() < running) {
            // the record came back and a later delivery of this attempt runs it now (e.g. on another worker after a
            // lost lock): a late failure of the old delivery says nothing about it
            LOG.infof(
                    "job %s task %s: failure of attempt %d delivery %d on %s ignored: delivery %d runs it (%s: %s)",
                    job.id(), task.id(), f.attempt(), f.delivery(), f.workerId(), running, f.reason(), f.message());
            return false;
        }
        FailureReason reason = f.reason() == null ? FailureReason.INTERNAL : f.reason();
        if (reason == FailureReason.CANCELLED) {
            // a worker stopped an attempt of a job that is not cancelled (a stale command): not the task's fault,
            // so it is retried like a lost worker rather than failing the job
            LOG.warnf(
                    "job %s task %s: attempt %d cancelled on %s although the job is %s; retrying it",
                    job.id(), task.id(), f.attempt(), f.workerId(), job.state());
            reason = FailureReason.WORKER_LOST;
        }
        attemptFailed(c, job, task, reason, f.message(), f.workerId(), after);
        return true;
    }

    /** Retries the task as a new attempt after a back-off, or fails it (and its job) for good. */
    void attemptFailed(
            Connection c,
            JobRow job,
            TaskRow task,
            FailureReason reason,
            String message,
            String workerId,
            AfterCommit after) {
        RetryPolicy.Decision decision = retry.decide(reason, task.attempt());
        if (decision instanceof RetryPolicy.Retry r) {
            String why = "attempt " + task.attempt() + " failed: " + reason + ": " + message;
            tasks.retry(
                    c, task.id(), task.attempt(), r.nextAttempt(), Instant.now().plus(r.delay()), why);
            LOG.warnf(
                    "job %s task %s: attempt %d failed on %s (%s: %s); attempt %d in %d ms",
                    job.id(),
                    task.id(),
                    task.attempt(),
                    workerId,
                    reason,
                    message,
                    r.nextAttempt(),
                    r.delay().toMillis());
            return;
        }
        giveUp(c, job, task, reason, message, workerId, after, ((RetryPolicy.GiveUp) decision).exhausted());
    }

    /** Fails the task (and its job) for good; an exhausted task's record goes to the dead-letter topic. */
    private void giveUp(
            Connection c,
            JobRow job,
            TaskRow task,
            FailureReason reason,
            String message,
            String workerId,
            AfterCommit after,
            boolean exhausted) {
        ClipRow clip = clips.find(c, task.clipId()).orElseThrow();
        String why = "clip " + clip.clipName() + " (source " + clip.source() + "): " + reason + ": " + message
                + " (worker " + workerId + ", task " + task.id() + ", attempt " + task.attempt()
                + (exhausted ? ", no attempts left" : "") + ")";
        LOG.errorf("job %s task %s: failed for good: %s", job.id(), task.id(), why);
        lifecycle.failTask(c, job, task, why, after);
        if (exhausted) {
            after.deadLetter(job.pool(), RenderTasks.of(task, clip, job), reason.name(), message);
        }
    }

    /**
     * A RUNNING task with no event for the stall timeout, or a PUBLISHED one nobody started, gets a new attempt
     * (counted like a WORKER_LOST failure), provided the pool has a live worker at all. Tasks of a crashed worker
     * come back through the share group by themselves; this catches what falls through (a hung worker, a record
     * archived after too many deliveries).
     */
    @Scheduled(
            every = "${darkroom.dispatch.stall-check-interval:10s}",
            delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void redispatchStalled() {
        try {
            for (TaskRow stalled : db.read(c -> tasks.stalled(c, stallTimeout))) {
                AfterCommit after = new AfterCommit();
                db.tx(c -> {
                    JobRow job = jobs.lock(c, stalled.jobId()).orElseThrow();
                    Optional<TaskRow> now = tasks.lock(c, stalled.id());
                    // with no live worker in the pool nothing can make progress: waiting is not an attempt's fault
                    boolean poolAlive = workers.liveWorkers(c, job.pool(), heartbeatTimeout) > 0;
                    boolean same = now.isPresent()
                            && now.get().attempt() == stalled.attempt()
                            && now.get().state() == stalled.state()
                            && !job.state().terminal();
                    int delivery = same ? tasks.delivery(c, stalled.id()) : 0;
                    if (same && stalled.state() == TaskState.RUNNING && delivery >= Topics.DELIVERY_COUNT_LIMIT) {
                        // every delivery the share group allows went to a worker that then went silent: the record
                        // is archived, and a new attempt would only feed the next workers the same thing (a source
                        // that crashes the decoder kills each worker that opens it)
                        giveUp(
                                c,
                                job,
                                now.get(),
                                FailureReason.WORKER_LOST,
                                "its worker was lost on each of the " + delivery + " deliveries the share group"
                                        + " allows (killed, or crashed while rendering it: a source that crashes the"
                                        + " decoder does this); not tried again",
                                stalled.workerId(),
                                after,
                                true);
                    } else if (poolAlive && same) {
                        attemptFailed(
                                c,
                                job,
                                now.get(),
                                FailureReason.WORKER_LOST,
                                "stalled: no event for " + stallTimeout.toSeconds() + " s while " + stalled.state(),
                                stalled.workerId(),
                                after);
                    }
                    return null;
                });
                effects.run(after);
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "stall check failed: %s", e.getMessage());
        }
    }

    private static UUID parse(String id) {
        try {
            return id == null ? null : UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
