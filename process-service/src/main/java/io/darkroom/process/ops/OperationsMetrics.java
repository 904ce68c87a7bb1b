package io.darkroom.process.ops;

import io.darkroom.contracts.FailureReason;
import io.darkroom.process.config.DarkroomConfig;
import io.darkroom.process.persistence.Database;
import io.darkroom.process.persistence.Jdbc;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * What operators watch, read from the catalog every few seconds (no hooks in the services that change it): per pool
 * the backlog, running tasks, free slots, the oldest queued task's age, workers up and busy; task durations and
 * frames per second by preset and pool, job latency, approval waits, retries and failures by reason, from the rows
 * that changed since the last look. Names and labels: deploy/observability/metrics.txt and the README ("Operate").
 */
@ApplicationScoped
public class OperationsMetrics {
    private static final Logger LOG = Logger.getLogger(OperationsMetrics.class);
    private static final Pattern REASON = Pattern.compile("\\b([A-Z][A-Z_]+):");
    private static final Duration[] SLO = {
        Duration.ofSeconds(1),
        Duration.ofSeconds(5),
        Duration.ofSeconds(15),
        Duration.ofSeconds(30),
        Duration.ofMinutes(1),
        Duration.ofMinutes(2),
        Duration.ofMinutes(5),
        Duration.ofMinutes(15),
        Duration.ofMinutes(30),
        Duration.ofHours(1),
        Duration.ofHours(4)
    };

    private final Database db;
    private final MeterRegistry registry;
    private final Duration heartbeatTimeout;
    private final Map<String, PoolGauges> pools = new ConcurrentHashMap<>();
    private final Map<UUID, Integer> attempts = new HashMap<>();
    private Instant watermark;
    private String lastProblem;

    /** The gauges of one pool. */
    private record PoolGauges(
            AtomicLong backlog,
            AtomicLong running,
            AtomicLong freeSlots,
            AtomicLong oldestAgeMs,
            AtomicLong workersUp,
            AtomicLong workersBusy) {}

    public OperationsMetrics(Database db, MeterRegistry registry, DarkroomConfig config) {
        this.db = db;
        this.registry = registry;
        this.heartbeatTimeout = config.dispatch().heartbeatTimeout();
        config.dispatch().pools().forEach(this::pool);
        for (FailureReason r : FailureReason.values()) {
            retries(r.name());
            failures(r.name());
        }
        for (String decision : List.of("approved", "rejected")) {
            approvalWait(decision);
        }
    }

    /** One pool as the gauges last saw it (refreshed every few seconds). */
    public record PoolStatus(
            String pool,
            long queued,
            long running,
            long freeSlots,
            double oldestQueuedSeconds,
            long workersUp,
            long workersBusy) {}

    /** Every known pool, as of the last refresh, by name. */
    public List<PoolStatus> pools() {
        return pools.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> new PoolStatus(
                        e.getKey(),
                        e.getValue().backlog().get(),
                        e.getValue().running().get(),
                        e.getValue().freeSlots().get(),
                        e.getValue().oldestAgeMs().get() / 1000.0,
                        e.getValue().workersUp().get(),
                        e.getValue().workersBusy().get()))
                .toList();
    }

    /** Reads the pool gauges now (a caller that must not wait for the next scheduled refresh). */
    public void refreshPools() {
        db.read(c -> {
            refreshGauges(c);
            return null;
        });
    }

    private PoolGauges pool(String pool) {
        return pools.computeIfAbsent(pool, p -> {
            PoolGauges g = new PoolGauges(
                    new AtomicLong(),
                    new AtomicLong(),
                    new AtomicLong(),
                    new AtomicLong(),
                    new AtomicLong(),
                    new AtomicLong());
            gauge(
                    "darkroom.pool.backlog.tasks",
                    "Tasks queued for the pool (PENDING or PUBLISHED, not started)",
                    p,
                    g.backlog(),
                    1);
            gauge("darkroom.pool.running.tasks", "Tasks rendering on the pool's workers", p, g.running(), 1);
            gauge("darkroom.pool.free.slots", "Idle render slots of the pool's live workers", p, g.freeSlots(), 1);
            gauge(
                    "darkroom.pool.oldest.queued.age.seconds",
                    "Age of the pool's oldest queued task",
                    p,
                    g.oldestAgeMs(),
                    1000);
            gauge("darkroom.workers.up", "Workers of the pool with a fresh heartbeat", p, g.workersUp(), 1);
            gauge(
                    "darkroom.workers.busy",
                    "Live workers of the pool rendering at least one task",
                    p,
                    g.workersBusy(),
                    1);
            return g;
        });
    }

    private void gauge(String name, String help, String pool, AtomicLong value, double divisor) {
        Gauge.builder(name, value, v -> v.get() / divisor)
                .description(help)
                .tag("pool", pool)
                .register(registry);
    }

    private Counter retries(String reason) {
        return Counter.builder("darkroom.task.retries")
                .description("Task attempts retried, by failure reason")
                .tag("reason", reason)
                .register(registry);
    }

    private Counter failures(String reason) {
        return Counter.builder("darkroom.task.failures")
                .description("Tasks failed for good, by failure reason")
                .tag("reason", reason)
                .register(registry);
    }

    private Timer approvalWait(String decision) {
        return Timer.builder("darkroom.approval.wait")
                .description("Approval gate opened to decision")
                .tag("decision", decision)
                .publishPercentileHistogram()
                .serviceLevelObjectives(SLO)
                .register(registry);
    }

    @Scheduled(every = "5s", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        try {
            db.read(c -> {
                refreshGauges(c);
                recordSinceWatermark(c);
                return null;
            });
        } catch (RuntimeException e) {
            warnOnce("operations metrics not refreshed: " + e.getMessage());
        }
    }

    private void refreshGauges(java.sql.Connection c) {
        Map<String, long[]> tasks = new LinkedHashMap<>();
        pools.keySet().forEach(p -> tasks.put(p, new long[3]));
        Jdbc.query(
                c,
                """
                SELECT j.pool,
                       count(*) FILTER (WHERE t.state IN ('PENDING', 'PUBLISHED')) AS queued,
                       count(*) FILTER (WHERE t.state = 'RUNNING') AS running,
                       coalesce(extract(epoch FROM now() - min(t.not_before)
                           FILTER (WHERE t.state IN ('PENDING', 'PUBLISHED') AND t.not_before <= now())) * 1000, 0)
                           AS oldest_ms
                FROM tasks t JOIN jobs j ON j.id = t.job_id
                WHERE j.state IN ('PLANNED', 'RUNNING') AND t.state IN ('PENDING', 'PUBLISHED', 'RUNNING')
                GROUP BY j.pool""",
                rs -> tasks.put(
                        rs.getString("pool"),
                        new long[] {rs.getLong("queued"), rs.getLong("running"), rs.getLong("oldest_ms")}));
        Map<String, long[]> workers = new LinkedHashMap<>();
        pools.keySet().forEach(p -> workers.put(p, new long[3]));
        Jdbc.query(
                c,
                """
                SELECT pool, count(*) AS up, count(*) FILTER (WHERE busy > 0) AS busy,
                       coalesce(sum(greatest(slots - busy, 0)) FILTER (WHERE state = 'UP'), 0) AS free
                FROM workers
                WHERE state IN ('UP', 'DRAINING') AND last_heartbeat > now() - make_interval(secs => ?)
                GROUP BY pool""",
                rs -> workers.put(
                        rs.getString("pool"), new long[] {rs.getLong("up"), rs.getLong("busy"), rs.getLong("free")}),
                (double) heartbeatTimeout.toMillis() / 1000.0);
        tasks.forEach((p, v) -> {
            PoolGauges g = pool(p);
            g.backlog().set(v[0]);
            g.running().set(v[1]);
            g.oldestAgeMs().set(v[2]);
        });
        workers.forEach((p, v) -> {
            PoolGauges g = pool(p);
            g.workersUp().set(v[0]);
            g.workersBusy().set(v[1]);
            g.freeSlots().set(v[2]);
        });
    }

    private void recordSinceWatermark(java.sql.Connection c) {
        Instant now = Jdbc.one(c, "SELECT now() AS now", rs -> Jdbc.instant(rs, "now"))
                .orElseThrow();
        if (watermark == null) {
            // counted from this process's start: what happened before was counted by its predecessor
            watermark = now;
            Jdbc.query(
                    c,
                    "SELECT id, attempt FROM tasks WHERE state IN ('PENDING', 'PUBLISHED', 'RUNNING')",
                    rs -> attempts.put(Jdbc.uuid(rs, "id"), rs.getInt("attempt")));
            return;
        }
        Timestamp from = Timestamp.from(watermark);
        Timestamp to = Timestamp.from(now);
        // task attempts that ended DONE since the last look: duration and frames per second
        Jdbc.query(
                c,
                """
                SELECT t.kind, j.pool, t.expected_frames,
                       extract(epoch FROM t.finished_at - t.started_at) AS seconds,
                       (SELECT string_agg(DISTINCT o->>'preset', '+' ORDER BY o->>'preset')
                          FROM jsonb_array_elements(c.render_outputs) o) AS presets
                FROM tasks t JOIN jobs j ON j.id = t.job_id JOIN clips c ON c.id = t.clip_id
                WHERE t.state = 'DONE' AND t.finished_at > ? AND t.finished_at <= ? AND t.started_at IS NOT NULL""",
                rs -> {
                    double seconds = rs.getDouble("seconds");
                    String preset = rs.getString("presets") == null ? "none" : rs.getString("presets");
                    String pool = rs.getString("pool");
                    String kind = rs.getString("kind");
                    Timer.builder("darkroom.task.duration")
                            .description("Task attempts that ended DONE, start to end")
                            .tags("pool", pool, "preset", preset, "kind", kind)
                            .publishPercentileHistogram()
                            .serviceLevelObjectives(SLO)
                            .register(registry)
                            .record(Duration.ofMillis(Math.round(seconds * 1000)));
                    long frames = rs.getLong("expected_frames");
                    if ("VIDEO_SEGMENT".equals(kind) && frames > 0 && seconds > 0) {
                        DistributionSummary.builder("darkroom.task.fps")
                                .description("Frames per second of finished video tasks")
                                .tags("pool", pool, "preset", preset)
                                .serviceLevelObjectives(1, 2, 5, 10, 25, 50, 100, 250, 500, 1000)
                                .register(registry)
                                .record(frames / seconds);
                    }
                    return null;
                },
                from,
                to);
        // jobs that ended: submit to end
        Jdbc.query(
                c,
                """
                SELECT state, extract(epoch FROM updated_at - submitted_at) AS seconds FROM jobs
                WHERE state IN ('SUCCEEDED', 'PARTIAL', 'FAILED', 'CANCELLED') AND updated_at > ? AND updated_at <= ?""",
                rs -> {
                    Timer.builder("darkroom.job.latency")
                            .description("Jobs, submit to end")
                            .tag("state", rs.getString("state"))
                            .publishPercentileHistogram()
                            .serviceLevelObjectives(SLO)
                            .register(registry)
                            .record(Duration.ofMillis(Math.round(rs.getDouble("seconds") * 1000)));
                    return null;
                },
                from,
                to);
        // decisions at approval gates
        Jdbc.query(
                c,
                """
                SELECT status, extract(epoch FROM decided_at - created_at) AS seconds FROM job_approvals
                WHERE status IN ('APPROVED', 'REJECTED') AND decided_at > ? AND decided_at <= ?""",
                rs -> {
                    approvalWait(rs.getString("status").toLowerCase())
                            .record(Duration.ofMillis(Math.round(rs.getDouble("seconds") * 1000)));
                    return null;
                },
                from,
                to);
        // failed for good
        Jdbc.query(
                c,
                "SELECT reason FROM tasks WHERE state = 'FAILED' AND finished_at > ? AND finished_at <= ?",
                rs -> {
                    failures(reason(rs.getString("reason"))).increment();
                    return null;
                },
                from,
                to);
        // retries: a task seen at attempt n that is now at a higher attempt
        Map<UUID, Integer> seen = new HashMap<>();
        Jdbc.query(
                c,
                """
                SELECT id, attempt, state, reason FROM tasks
                WHERE state IN ('PENDING', 'PUBLISHED', 'RUNNING') OR finished_at > ?""",
                rs -> {
                    UUID id = Jdbc.uuid(rs, "id");
                    int attempt = rs.getInt("attempt");
                    int before = attempts.getOrDefault(id, 1);
                    if (attempt > before) {
                        retries(reason(rs.getString("reason"))).increment(attempt - before);
                    }
                    if (List.of("PENDING", "PUBLISHED", "RUNNING").contains(rs.getString("state"))) {
                        seen.put(id, attempt);
                    }
                    return null;
                },
                from);
        attempts.clear();
        attempts.putAll(seen);
        watermark = now;
    }

    /** Logs a problem once until it changes (a database outage would otherwise log every few seconds). */
    private void warnOnce(String problem) {
        if (!problem.equals(lastProblem)) {
            LOG.warn(problem);
        }
        lastProblem = problem;
    }

    /** The failure reason named in a task's reason text ("attempt 1 failed: WORKER_LOST: ..."), else INTERNAL. */
    static String reason(String text) {
        if (text != null) {
            Matcher m = REASON.matcher(text);
            while (m.find()) {
                try {
                    return FailureReason.valueOf(m.group(1)).name();
                } catch (IllegalArgumentException e) {
                    // another upper-case word: keep looking
                }
            }
        }
        return FailureReason.INTERNAL.name();
    }
}
