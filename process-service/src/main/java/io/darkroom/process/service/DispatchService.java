package io.darkroom.process.service;

import io.darkroom.contracts.JobState;
import io.darkroom.contracts.RenderTask;
import io.darkroom.process.config.DarkroomConfig;
import io.darkroom.process.domain.ClipRow;
import io.darkroom.process.domain.DispatchCandidate;
import io.darkroom.process.domain.DispatchOrder;
import io.darkroom.process.domain.JobRow;
import io.darkroom.process.domain.PoolCapacity;
import io.darkroom.process.domain.TaskRow;
import io.darkroom.process.messaging.TaskPublisher;
import io.darkroom.process.messaging.TopicSetup;
import io.darkroom.process.persistence.ClipRepository;
import io.darkroom.process.persistence.Database;
import io.darkroom.process.persistence.Jdbc;
import io.darkroom.process.persistence.JobRepository;
import io.darkroom.process.persistence.TaskRepository;
import io.darkroom.process.persistence.WorkerRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Meters work into Kafka (see DESIGN.md beside this class): per pool, publishes as many pending tasks as there are
 * free worker slots, in dispatch order, each awaited until the broker acknowledged it, then marks it PUBLISHED
 * (and the job RUNNING on its first dispatch). Runs single-flight every darkroom.dispatch.interval (250 ms).
 */
@ApplicationScoped
public class DispatchService {
    private static final Logger LOG = Logger.getLogger(DispatchService.class);
    private static final long DISPATCH_LOCK = 0x4461726b524f4fL;

    private final Database db;
    private final JobRepository jobs;
    private final ClipRepository clips;
    private final TaskRepository tasks;
    private final WorkerRepository workers;
    private final TaskPublisher publisher;
    private final TopicSetup topics;
    private final JobLifecycle lifecycle;
    private final Effects effects;
    private final DarkroomConfig.Dispatch config;
    private final Counter dispatched;
    private final Set<String> waitingPools = ConcurrentHashMap.newKeySet();
    private final Duration interval;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "darkroom-dispatcher");
        t.setDaemon(true);
        return t;
    });

    public DispatchService(
            Database db,
            JobRepository jobs,
            ClipRepository clips,
            TaskRepository tasks,
            WorkerRepository workers,
            TaskPublisher publisher,
            TopicSetup topics,
            JobLifecycle lifecycle,
            Effects effects,
            DarkroomConfig config,
            MeterRegistry registry) {
        this.db = db;
        this.jobs = jobs;
        this.clips = clips;
        this.tasks = tasks;
        this.workers = workers;
        this.publisher = publisher;
        this.topics = topics;
        this.lifecycle = lifecycle;
        this.effects = effects;
        this.config = config.dispatch();
        this.interval = config.dispatch().interval();
        this.dispatched = Counter.builder("darkroom.tasks.dispatched")
                .description("Render tasks published to a pool topic and acknowledged by the broker")
                .register(registry);
    }

    /**
     * Starts the dispatcher on its own thread: one pass every darkroom.dispatch.interval with a fixed delay between
     * passes, so passes never overlap (Quarkus' scheduler does not go below one second).
     */
    void start(@Observes StartupEvent event) {
        long ms = Math.max(10, interval.toMillis());
        loop.scheduleWithFixedDelay(this::tick, 1000, ms, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        loop.shutdownNow();
    }

    void tick() {
        try {
            dispatchAll();
        } catch (RuntimeException e) {
            LOG.errorf(e, "dispatch pass failed: %s", e.getMessage());
        }
    }

    /** One pass over every pool with pending work; returns how many tasks were published. */
    public int dispatchAll() {
        // A session advisory lock makes the pass single-flight across process-service instances too.
        return db.read(lockConnection -> {
            if (!Jdbc.one(lockConnection, "SELECT pg_try_advisory_lock(?)", rs -> rs.getBoolean(1), DISPATCH_LOCK)
                    .orElse(false)) {
                return 0;
            }
            try {
                Set<String> pools = new LinkedHashSet<>(db.read(tasks::poolsWithPending));
                int total = 0;
                for (String pool : pools) {
                    total += dispatchPool(pool);
                }
                return total;
            } finally {
                Jdbc.one(lockConnection, "SELECT pg_advisory_unlock(?)", rs -> rs.getBoolean(1), DISPATCH_LOCK);
            }
        });
    }

    /**
     * The pool's room now: free slots of live UP workers, their own pool first, idle slots of workers of other pools
     * that also serve this one (see {@link PoolCapacity}), minus its published tasks not started yet.
     */
    PoolCapacity capacity() {
        return db.read(c -> new PoolCapacity(
                workers.capacity(c, config.heartbeatTimeout()),
                tasks.publishedNotStartedByPool(c),
                tasks.pendingByPool(c)));
    }

    int dispatchPool(String pool) {
        PoolCapacity capacity = capacity();
        long free = capacity.free(pool) + (capacity.served(pool) ? config.lookahead() : 0);
        if (free <= 0) {
            noRoom(pool, capacity);
            return 0;
        }
        if (waitingPools.remove(pool)) {
            LOG.infof("pool %s has free worker slots again", pool);
        }
        if (!topics.ensurePool(pool)) {
            return 0;
        }
        int n = (int) Math.min(free, config.maxPerPass());
        List<DispatchCandidate> chosen = DispatchOrder.select(db.read(c -> tasks.candidates(c, pool, n)), n);
        int sent = 0;
        for (DispatchCandidate candidate : chosen) {
            if (!publishOne(pool, candidate)) {
                break;
            }
            sent++;
        }
        return sent;
    }

    private void noRoom(String pool, PoolCapacity capacity) {
        if (!capacity.served(pool) && waitingPools.add(pool)) {
            LOG.warnf("pool %s: tasks are waiting but no live worker has a free slot", pool);
        }
    }

    /** Publishes one task (awaiting the ack) and records it; false stops the pass (broker trouble). */
    private boolean publishOne(String pool, DispatchCandidate candidate) {
        Optional<Prepared> prepared = db.read(c -> prepare(c, candidate));
        if (prepared.isEmpty()) {
            return true;
        }
        RenderTask message = prepared.get().message();
        try {
            publisher.publish(pool, message);
        } catch (RuntimeException e) {
            LOG.warnf(
                    "job %s task %s: publish to pool %s failed, will retry: %s",
                    message.jobId(), message.taskId(), pool, e.getMessage());
            return false;
        }
        dispatched.increment();
        AfterCommit after = new AfterCommit();
        db.tx(c -> {
            JobRow job = jobs.lock(c, candidate.jobId()).orElseThrow();
            if (tasks.markPublished(c, candidate.taskId(), message.attempt()) && job.state() == JobState.PLANNED) {
                lifecycle.transition(c, job, JobState.RUNNING, null, after);
            }
            return null;
        });
        effects.run(after);
        LOG.debugf(
                "job %s task %s: published attempt %d to pool %s",
                message.jobId(), message.taskId(), message.attempt(), pool);
        return true;
    }

    private record Prepared(RenderTask message) {}

    private Optional<Prepared> prepare(java.sql.Connection c, DispatchCandidate candidate) {
        Optional<TaskRow> task = tasks.find(c, candidate.taskId());
        if (task.isEmpty() || task.get().state() != io.darkroom.process.domain.TaskState.PENDING) {
            return Optional.empty();
        }
        // paused or cancelled since the candidates were read: not dispatched
        Optional<JobRow> job = jobs.find(c, candidate.jobId());
        JobState state = job.map(JobRow::state).orElse(JobState.CANCELLED);
        if (state != JobState.PLANNED && state != JobState.RUNNING) {
            return Optional.empty();
        }
        ClipRow clip = clips.find(c, task.get().clipId()).orElseThrow();
        return Optional.of(new Prepared(RenderTasks.of(task.get(), clip, job.get())));
    }
}
