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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Meters work into Kafka (see DESIGN.md beside this class): per pool, publishes as many pending tasks as there are
 * free worker slots, in dispatch order, sent together and each awaited until the broker acknowledged it, then marks
 * them PUBLISHED in one transaction (and the job RUNNING on its first dispatch). Runs single-flight every
 * darkroom.dispatch.interval (250 ms), and at once when a task ends ({@link #poke}).
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
    private final AtomicBoolean poked = new AtomicBoolean();
    private volatile boolean started;
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
     * passes, so passes never overlap (Quarkus' scheduler does not go below one second). The first pass comes one
     * second after start, or one interval when that is longer. Between passes, {@link #poke} asks for one at once.
     */
    void start(@Observes StartupEvent event) {
        long ms = Math.max(10, interval.toMillis());
        loop.scheduleWithFixedDelay(this::tick, Math.max(1000, ms), ms, TimeUnit.MILLISECONDS);
        started = true;
    }

    /**
     * Asks for a pass now rather than at the next interval: a task ended, so its slot is free, or a job was planned.
     * Runs on the dispatcher's own thread like the timed passes (so passes stay single-flight), and pokes that arrive
     * while one is queued share it.
     */
    public void poke() {
        if (!started || !poked.compareAndSet(false, true)) {
            return;
        }
        try {
            loop.execute(() -> {
                poked.set(false);
                tick();
            });
        } catch (RejectedExecutionException e) {
            poked.set(false); // shutting down
        }
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
        long free = capacity.free(pool) + capacity.lookahead(pool, config.lookahead());
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
        return publishBatch(pool, chosen);
    }

    private void noRoom(String pool, PoolCapacity capacity) {
        if (!capacity.served(pool) && waitingPools.add(pool)) {
            LOG.warnf("pool %s: tasks are waiting but no live worker has a free slot", pool);
        }
    }

    /**
     * Publishes the chosen tasks together: every message is handed to the producer first (they leave in a few
     * batches), then each acknowledgement is awaited in dispatch order, then every acknowledged task is recorded
     * PUBLISHED (its job RUNNING on the first) in one transaction. A send the broker does not acknowledge stops the
     * pass: the tasks acknowledged before it are recorded, it and the rest stay PENDING for the next pass (one that
     * was acknowledged after all is published again as the same attempt, as after a crash between ack and update).
     */
    private int publishBatch(String pool, List<DispatchCandidate> chosen) {
        List<Prepared> prepared = db.read(c -> {
            List<Prepared> out = new ArrayList<>(chosen.size());
            for (DispatchCandidate candidate : chosen) {
                prepare(c, candidate).ifPresent(out::add);
            }
            return out;
        });
        List<Future<Instant>> sent = new ArrayList<>(prepared.size());
        for (Prepared p : prepared) {
            try {
                sent.add(publisher.publishLater(pool, p.message()));
            } catch (RuntimeException e) {
                failed(pool, p, e);
                break;
            }
        }
        List<Acked> acked = new ArrayList<>(sent.size());
        for (int i = 0; i < sent.size(); i++) {
            Prepared p = prepared.get(i);
            try {
                acked.add(new Acked(p, publisher.await(pool, p.message(), sent.get(i))));
            } catch (RuntimeException e) {
                failed(pool, p, e);
                break;
            }
        }
        if (acked.isEmpty()) {
            return 0;
        }
        dispatched.increment(acked.size());
        AfterCommit after = new AfterCommit();
        db.tx(c -> {
            // job rows are locked in id order, so two transactions locking the same jobs never wait on each other
            Map<UUID, JobRow> locked = new TreeMap<>();
            for (Acked a : acked.stream()
                    .sorted(Comparator.comparing(a -> a.prepared().candidate().jobId()))
                    .toList()) {
                UUID jobId = a.prepared().candidate().jobId();
                JobRow job =
                        locked.computeIfAbsent(jobId, id -> jobs.lock(c, id).orElseThrow());
                RenderTask m = a.prepared().message();
                if (tasks.markPublished(c, a.prepared().candidate().taskId(), m.attempt(), a.at())
                        && job.state() == JobState.PLANNED) {
                    locked.put(jobId, lifecycle.transition(c, job, JobState.RUNNING, null, after));
                }
            }
            return null;
        });
        effects.run(after);
        for (Acked a : acked) {
            RenderTask m = a.prepared().message();
            LOG.debugf("job %s task %s: published attempt %d to pool %s", m.jobId(), m.taskId(), m.attempt(), pool);
        }
        return acked.size();
    }

    private void failed(String pool, Prepared p, RuntimeException e) {
        LOG.warnf(
                "job %s task %s: publish to pool %s failed, will retry: %s",
                p.message().jobId(), p.message().taskId(), pool, e.getMessage());
    }

    /** A task the broker acknowledged, and when the acknowledgement came. */
    private record Acked(Prepared prepared, Instant at) {}

    private record Prepared(DispatchCandidate candidate, RenderTask message) {}

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
        return Optional.of(new Prepared(candidate, RenderTasks.of(task.get(), clip, job.get())));
    }
}
