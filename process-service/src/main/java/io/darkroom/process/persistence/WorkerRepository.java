package io.darkroom.process.persistence;

import com.fasterxml.jackson.core.type.TypeReference;
import io.darkroom.contracts.WorkerHeartbeat;
import io.darkroom.contracts.WorkerHeartbeat.Capabilities;
import io.darkroom.process.domain.WorkerRow;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Workers as their heartbeats describe them. */
@ApplicationScoped
public class WorkerRepository {
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    /**
     * Stores a heartbeat. Its time counts as the worker's time but never later than now (clock skew), so an old
     * heartbeat replayed from the compacted topic after a restart does not make a dead worker look alive; an older
     * heartbeat never replaces a newer one.
     */
    public void upsert(Connection c, WorkerHeartbeat hb, Instant now) {
        Instant at = hb.time() == null || hb.time().isAfter(now) ? now : hb.time();
        String state = hb.state() == null ? "UP" : hb.state().name();
        Jdbc.update(c, """
                INSERT INTO workers AS w
                    (id, host, pool, slots, busy, state, capabilities, current_tasks, last_heartbeat)
                VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?)
                ON CONFLICT (id) DO UPDATE SET host = excluded.host, pool = excluded.pool, slots = excluded.slots,
                    busy = excluded.busy, state = excluded.state, capabilities = excluded.capabilities,
                    current_tasks = excluded.current_tasks, last_heartbeat = excluded.last_heartbeat
                WHERE w.last_heartbeat <= excluded.last_heartbeat""",
                hb.workerId(), hb.host(), hb.pool() == null ? "cpu" : hb.pool(), hb.slots(), hb.busy(), state,
                JsonColumns.write(hb.capabilities()),
                JsonColumns.write(hb.currentTasks() == null ? List.of() : hb.currentTasks()), at);
    }

    /** A tombstone: the worker stopped cleanly. */
    public void gone(Connection c, String workerId) {
        Jdbc.update(c, "UPDATE workers SET state = 'GONE', busy = 0, current_tasks = '[]' WHERE id = ?", workerId);
    }

    /**
     * Free slots of a pool: over workers that are UP with a heartbeat within {@code timeout}, slots minus busy minus
     * the tasks we know they started that their last heartbeat does not list yet.
     */
    public long freeSlots(Connection c, String pool, Duration timeout) {
        return Jdbc.count(c, """
                SELECT coalesce(sum(greatest(w.slots - w.busy - (
                    SELECT count(*) FROM tasks t WHERE t.worker_id = w.id AND t.state = 'RUNNING'
                      AND NOT jsonb_exists(w.current_tasks, t.id::text)), 0)), 0)
                FROM workers w
                WHERE w.pool = ? AND w.state = 'UP' AND w.last_heartbeat > now() - make_interval(secs => ?)""",
                pool, timeout.toMillis() / 1000.0);
    }

    /** Workers of a pool with a heartbeat within {@code timeout}, whatever their state. */
    public long liveWorkers(Connection c, String pool, Duration timeout) {
        return Jdbc.count(c, "SELECT count(*) FROM workers WHERE pool = ? AND state <> 'GONE' "
                + "AND last_heartbeat > now() - make_interval(secs => ?)", pool, timeout.toMillis() / 1000.0);
    }

    public boolean exists(Connection c, String id) {
        return Jdbc.count(c, "SELECT count(*) FROM workers WHERE id = ?", id) > 0;
    }

    /**
     * Marks a worker DRAINING (or back UP) at once after an operator's command, so the dispatcher stops counting its
     * slots before its next heartbeat says so; heartbeats overwrite it from then on.
     */
    public void markDrain(Connection c, String id, boolean draining) {
        Jdbc.update(c, "UPDATE workers SET state = ? WHERE id = ? AND state IN ('UP', 'DRAINING')",
                draining ? "DRAINING" : "UP", id);
    }

    public List<WorkerRow> list(Connection c) {
        return Jdbc.query(c, "SELECT id, host, pool, slots, busy, state, capabilities::text AS capabilities, "
                + "current_tasks::text AS current_tasks, last_heartbeat FROM workers ORDER BY pool, id",
                WorkerRepository::map);
    }

    private static WorkerRow map(ResultSet rs) throws SQLException {
        return new WorkerRow(rs.getString("id"), rs.getString("host"), rs.getString("pool"), rs.getInt("slots"),
                rs.getInt("busy"), rs.getString("state"),
                JsonColumns.read(rs.getString("capabilities"), Capabilities.class),
                JsonColumns.read(rs.getString("current_tasks"), STRINGS), Jdbc.instant(rs, "last_heartbeat"));
    }
}
