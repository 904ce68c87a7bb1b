package io.darkroom.process.persistence;

import com.fasterxml.jackson.core.type.TypeReference;
import io.darkroom.contracts.WorkerHeartbeat;
import io.darkroom.contracts.WorkerHeartbeat.Capabilities;
import io.darkroom.contracts.WorkerHeartbeat.PoolSlots;
import io.darkroom.process.domain.PoolCapacity;
import io.darkroom.process.domain.WorkerRow;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Workers as their heartbeats describe them. */
@ApplicationScoped
public class WorkerRepository {
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private static final TypeReference<List<PoolSlots>> POOLS = new TypeReference<>() {};

    /**
     * Stores a heartbeat. Its time counts as the worker's time but never later than now (clock skew), so an old
     * heartbeat replayed from the compacted topic after a restart does not make a dead worker look alive; an older
     * heartbeat never replaces a newer one.
     */
    public void upsert(Connection c, WorkerHeartbeat hb, Instant now) {
        Instant at = hb.time() == null || hb.time().isAfter(now) ? now : hb.time();
        String state = hb.state() == null ? "UP" : hb.state().name();
        String pool = hb.pool() == null ? "cpu" : hb.pool();
        Jdbc.update(
                c,
                """
                INSERT INTO workers AS w
                    (id, host, pool, slots, busy, state, capabilities, current_tasks, last_heartbeat, pools)
                VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?::jsonb)
                ON CONFLICT (id) DO UPDATE SET host = excluded.host, pool = excluded.pool, slots = excluded.slots,
                    busy = excluded.busy, state = excluded.state, capabilities = excluded.capabilities,
                    current_tasks = excluded.current_tasks, last_heartbeat = excluded.last_heartbeat,
                    pools = excluded.pools
                WHERE w.last_heartbeat <= excluded.last_heartbeat""",
                hb.workerId(),
                hb.host(),
                pool,
                hb.slots(),
                hb.busy(),
                state,
                JsonColumns.write(hb.capabilities()),
                JsonColumns.write(hb.currentTasks() == null ? List.of() : hb.currentTasks()),
                at,
                JsonColumns.write(pools(hb, pool)));
    }

    /**
     * The pools of a heartbeat, own pool first: as reported, or {@code [{pool, slots, busy}]} from a worker that does
     * not report them. Entries without a name, repeated ones and slots beyond the worker's are dropped or capped.
     */
    static List<PoolSlots> pools(WorkerHeartbeat hb, String pool) {
        Map<String, PoolSlots> out = new LinkedHashMap<>();
        PoolSlots own = new PoolSlots(pool, hb.slots(), hb.busy());
        if (hb.pools() != null) {
            for (PoolSlots p : hb.pools()) {
                if (p != null && p.pool() != null && !p.pool().isBlank() && !out.containsKey(p.pool())) {
                    out.put(
                            p.pool(),
                            new PoolSlots(
                                    p.pool(), Math.max(0, Math.min(p.slots(), hb.slots())), Math.max(0, p.busy())));
                }
            }
        }
        out.putIfAbsent(pool, own);
        List<PoolSlots> ordered = new ArrayList<>();
        ordered.add(out.remove(pool));
        ordered.addAll(out.values());
        return ordered;
    }

    /** A tombstone: the worker stopped cleanly. */
    public void gone(Connection c, String workerId) {
        Jdbc.update(c, "UPDATE workers SET state = 'GONE', busy = 0, current_tasks = '[]' WHERE id = ?", workerId);
    }

    /**
     * Live workers that take work (UP, heartbeat within {@code timeout}) as the metering sees them: own pool, free slots
     * over all pools (slots minus busy minus tasks we know they started that their last heartbeat does not list yet,
     * plus tasks it lists that have ended since: their done event is in, so the slot is free without waiting for the
     * next heartbeat), and per other pool they serve the slots they give it minus those busy with it.
     */
    public List<PoolCapacity.Worker> capacity(Connection c, Duration timeout) {
        return Jdbc.query(
                c,
                """
                SELECT w.pool, w.pools::text AS pools, greatest(w.slots - w.busy - (
                    SELECT count(*) FROM tasks t WHERE t.worker_id = w.id AND t.state = 'RUNNING'
                      AND NOT jsonb_exists(w.current_tasks, t.id::text)) + (
                    SELECT count(*) FROM tasks t WHERE t.state IN ('DONE', 'FAILED', 'CANCELLED') AND t.id IN (
                        SELECT CASE WHEN x ~* '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$' THEN x::uuid END
                        FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(w.current_tasks) = 'array'
                                                            THEN w.current_tasks ELSE '[]' END) x)), 0) AS free
                FROM workers w
                WHERE w.state = 'UP' AND w.last_heartbeat > now() - make_interval(secs => ?)""",
                rs -> {
                    String pool = rs.getString("pool");
                    Map<String, Long> others = new LinkedHashMap<>();
                    List<PoolSlots> pools = JsonColumns.read(rs.getString("pools"), POOLS);
                    for (PoolSlots p : pools == null ? List.<PoolSlots>of() : pools) {
                        if (!p.pool().equals(pool)) {
                            others.put(p.pool(), (long) Math.max(0, p.slots() - p.busy()));
                        }
                    }
                    return new PoolCapacity.Worker(pool, rs.getLong("free"), others);
                },
                timeout.toMillis() / 1000.0);
    }

    /** Workers serving a pool (as their own or an also-pool) with a heartbeat within {@code timeout}, any state. */
    public long liveWorkers(Connection c, String pool, Duration timeout) {
        return Jdbc.count(
                c,
                "SELECT count(*) FROM workers WHERE (pool = ? OR pools @> jsonb_build_array("
                        + "jsonb_build_object('pool', ?::text))) AND state <> 'GONE' "
                        + "AND last_heartbeat > now() - make_interval(secs => ?)",
                pool,
                pool,
                timeout.toMillis() / 1000.0);
    }

    public boolean exists(Connection c, String id) {
        return Jdbc.count(c, "SELECT count(*) FROM workers WHERE id = ?", id) > 0;
    }

    /**
     * Marks a worker DRAINING (or back UP) at once after an operator's command, so the dispatcher stops counting its
     * slots before its next heartbeat says so; heartbeats overwrite it from then on.
     */
    public void markDrain(Connection c, String id, boolean draining) {
        Jdbc.update(
                c,
                "UPDATE workers SET state = ? WHERE id = ? AND state IN ('UP', 'DRAINING')",
                draining ? "DRAINING" : "UP",
                id);
    }

    public List<WorkerRow> list(Connection c) {
        return Jdbc.query(
                c,
                "SELECT id, host, pool, slots, busy, state, capabilities::text AS capabilities, "
                        + "current_tasks::text AS current_tasks, last_heartbeat, pools::text AS pools FROM workers "
                        + "ORDER BY pool, id",
                WorkerRepository::map);
    }

    private static WorkerRow map(ResultSet rs) throws SQLException {
        return new WorkerRow(
                rs.getString("id"),
                rs.getString("host"),
                rs.getString("pool"),
                rs.getInt("slots"),
                rs.getInt("busy"),
                rs.getString("state"),
                JsonColumns.read(rs.getString("capabilities"), Capabilities.class),
                JsonColumns.read(rs.getString("current_tasks"), STRINGS),
                Jdbc.instant(rs, "last_heartbeat"),
                JsonColumns.read(rs.getString("pools"), POOLS));
    }
}
