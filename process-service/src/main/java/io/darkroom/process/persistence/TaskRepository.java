package io.darkroom.process.persistence;

import com.fasterxml.jackson.core.type.TypeReference;
import io.darkroom.contracts.RenderTask.TaskKind;
import io.darkroom.contracts.TaskEvent.SegmentFile;
import io.darkroom.process.domain.DispatchCandidate;
import io.darkroom.process.domain.TaskRow;
import io.darkroom.process.domain.TaskState;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Tasks: the backlog, dispatch bookkeeping, attempts and promoted results. */
@ApplicationScoped
public class TaskRepository {
    private static final TypeReference<List<SegmentFile>> FILES = new TypeReference<>() {};
    private static final String COLUMNS = "id, job_id, clip_id, kind, seg_index, start_us, end_us, expected_frames, "
            + "state, attempt, not_before, published_at, started_at, finished_at, worker_id, progress_frames, "
            + "promoted::text AS promoted, reason";
    private static final String OPEN = "('PENDING', 'PUBLISHED', 'RUNNING')";

    public void insert(Connection c, TaskRow t) {
        Jdbc.update(
                c,
                """
                INSERT INTO tasks (id, job_id, clip_id, kind, seg_index, start_us, end_us, expected_frames, state)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'PENDING')""",
                t.id(),
                t.jobId(),
                t.clipId(),
                t.kind(),
                t.segmentIndex(),
                t.startUs(),
                t.endUs(),
                t.expectedFrames());
    }

    public Optional<TaskRow> find(Connection c, UUID id) {
        return Jdbc.one(c, "SELECT " + COLUMNS + " FROM tasks WHERE id = ?", TaskRepository::map, id);
    }

    /** Locks the task row; callers lock the job row first. */
    public Optional<TaskRow> lock(Connection c, UUID id) {
        return Jdbc.one(c, "SELECT " + COLUMNS + " FROM tasks WHERE id = ? FOR UPDATE", TaskRepository::map, id);
    }

    public List<TaskRow> byJob(Connection c, UUID jobId) {
        return Jdbc.query(
                c,
                """
                SELECT t.id, t.job_id, t.clip_id, t.kind, t.seg_index, t.start_us, t.end_us, t.expected_frames,
                       t.state, t.attempt, t.not_before, t.published_at, t.started_at, t.finished_at, t.worker_id,
                       t.progress_frames, t.promoted::text AS promoted, t.reason
                FROM tasks t JOIN clips c ON c.id = t.clip_id
                WHERE t.job_id = ? ORDER BY c.idx, t.kind DESC, t.seg_index""",
                TaskRepository::map,
                jobId);
    }

    public List<TaskRow> byClip(Connection c, UUID clipId) {
        return Jdbc.query(
                c,
                "SELECT " + COLUMNS + " FROM tasks WHERE clip_id = ? ORDER BY kind DESC, seg_index",
                TaskRepository::map,
                clipId);
    }

    /** Tasks of a clip that are not DONE. */
    /** Whether every task of the clip is of this kind. */
    public boolean onlyKind(Connection c, UUID clipId, TaskKind kind) {
        return Jdbc.one(
                        c,
                        "SELECT NOT EXISTS (SELECT 1 FROM tasks WHERE clip_id = ? AND kind <> ?)",
                        rs -> rs.getBoolean(1),
                        clipId,
                        kind.name())
                .orElse(false);
    }

    /**
     * Whether some task of the clip is not DONE yet. One index probe (tasks_open_by_clip holds only such tasks), not
     * a count over the clip's tasks: it runs on every promotion, and a clip may have thousands.
     */
    public boolean anyNotDone(Connection c, UUID clipId) {
        return Jdbc.one(
                        c,
                        "SELECT EXISTS (SELECT 1 FROM tasks WHERE clip_id = ? AND state <> 'DONE')",
                        rs -> rs.getBoolean(1),
                        clipId)
                .orElse(true);
    }

    /** Tasks of a pool's jobs published to the topic and not yet started by any worker. */
    public long publishedNotStarted(Connection c, String pool) {
        return Jdbc.count(
                c,
                "SELECT count(*) FROM tasks t JOIN jobs j ON j.id = t.job_id "
                        + "WHERE j.pool = ? AND t.state = 'PUBLISHED'",
                pool);
    }

    /** Per pool (of the jobs), tasks PUBLISHED and not yet started by any worker. */
    public java.util.Map<String, Long> publishedNotStartedByPool(Connection c) {
        java.util.Map<String, Long> out = new java.util.HashMap<>();
        Jdbc.query(
                c,
                "SELECT j.pool, count(*) AS n FROM tasks t JOIN jobs j ON j.id = t.job_id "
                        + "WHERE t.state = 'PUBLISHED' GROUP BY j.pool",
                rs -> out.put(rs.getString(1), rs.getLong(2)));
        return out;
    }

    /** Per pool, PENDING tasks that could be dispatched now (eligible, job PLANNED or RUNNING). */
    public java.util.Map<String, Long> pendingByPool(Connection c) {
        java.util.Map<String, Long> out = new java.util.HashMap<>();
        Jdbc.query(
                c,
                """
                SELECT j.pool, count(*) FROM tasks t JOIN jobs j ON j.id = t.job_id
                WHERE t.state = 'PENDING' AND t.not_before <= now() AND j.state IN ('PLANNED', 'RUNNING')
                GROUP BY j.pool""",
                rs -> out.put(rs.getString(1), rs.getLong(2)));
        return out;
    }

    /** Pools that have tasks waiting to be dispatched now. */
    public List<String> poolsWithPending(Connection c) {
        return Jdbc.query(
                c,
                """
                SELECT DISTINCT j.pool FROM tasks t JOIN jobs j ON j.id = t.job_id
                WHERE t.state = 'PENDING' AND t.not_before <= now() AND j.state IN ('PLANNED', 'RUNNING')""",
                rs -> rs.getString(1));
    }

    /**
     * Pending tasks of a pool that may run now, at most {@code perJob} per job (the first ones in each job's own
     * order: clip, audio first, then the clip's longest segments first, then segment index), with what the dispatch
     * order needs. Longest first: a segment longer than the rest (keyframe-snapped cuts) started last would run alone
     * at the end while the other slots idle.
     */
    public List<DispatchCandidate> candidates(Connection c, String pool, int perJob) {
        return Jdbc.query(
                c,
                """
                WITH inflight AS (
                    SELECT job_id, count(*) AS n FROM tasks WHERE state IN ('PUBLISHED', 'RUNNING') GROUP BY job_id
                ), pending AS (
                    SELECT t.id, t.job_id, j.priority, j.submitted_at,
                           row_number() OVER (
                               PARTITION BY t.job_id ORDER BY cl.idx, t.kind, t.expected_frames DESC, t.seg_index)
                               AS rank_in_job
                    FROM tasks t JOIN jobs j ON j.id = t.job_id JOIN clips cl ON cl.id = t.clip_id
                    WHERE t.state = 'PENDING' AND t.not_before <= now() AND j.pool = ?
                      AND j.state IN ('PLANNED', 'RUNNING')
                )
                SELECT p.*, coalesce(i.n, 0) AS in_flight FROM pending p LEFT JOIN inflight i ON i.job_id = p.job_id
                WHERE p.rank_in_job <= ?""",
                rs -> new DispatchCandidate(
                        Jdbc.uuid(rs, "id"),
                        Jdbc.uuid(rs, "job_id"),
                        rs.getInt("priority"),
                        Jdbc.instant(rs, "submitted_at"),
                        rs.getInt("in_flight"),
                        rs.getInt("rank_in_job")),
                pool,
                perJob);
    }

    /** PENDING -> PUBLISHED for the attempt that was just acknowledged by the broker. */
    public boolean markPublished(Connection c, UUID id, int attempt, Instant ackedAt) {
        // published_at is when the broker acknowledged the record, also for a task whose started event overtook this
        // bookkeeping (then only published_at is filled in; false: the task was not PENDING any more)
        return Jdbc.one(
                        c,
                        "UPDATE tasks SET state = CASE WHEN state = 'PENDING' THEN 'PUBLISHED' ELSE state END, "
                                + "published_at = ? WHERE id = ? AND attempt = ? AND published_at IS NULL "
                                + "AND state IN ('PENDING', 'RUNNING', 'DONE') RETURNING state = 'PUBLISHED'",
                        rs -> rs.getBoolean(1),
                        ackedAt,
                        id,
                        attempt)
                .orElse(false);
    }

    /**
     * A worker started a delivery of the current attempt (also from PENDING: the event can overtake the publish
     * bookkeeping). A later delivery of the same attempt (the record came back after a lost worker's lock expired)
     * takes the task over; a start of an older delivery than the one recorded changes nothing.
     */
    public boolean markRunning(Connection c, UUID id, int attempt, int delivery, String workerId) {
        return Jdbc.update(
                        c,
                        "UPDATE tasks SET state = 'RUNNING', started_at = now(), last_event_at = now(), "
                                + "worker_id = ?, delivery = ?, progress_frames = CASE WHEN delivery = ? THEN progress_frames ELSE 0 "
                                + "END WHERE id = ? AND attempt = ? AND coalesce(delivery, 0) <= ? AND state IN "
                                + OPEN,
                        workerId,
                        delivery,
                        delivery,
                        id,
                        attempt,
                        delivery)
                == 1;
    }

    /** The share-group delivery that last reported the current attempt started; 0 when none did. */
    public int delivery(Connection c, UUID id) {
        return Jdbc.one(c, "SELECT coalesce(delivery, 0) FROM tasks WHERE id = ?", rs -> rs.getInt(1), id)
                .orElse(0);
    }

    /** Progress of the current attempt, from its latest known delivery (or a later one). */
    public boolean progress(Connection c, UUID id, int attempt, int delivery, String workerId, long frames) {
        return Jdbc.update(
                        c,
                        "UPDATE tasks SET state = 'RUNNING', progress_frames = ?, last_event_at = now(), "
                                + "worker_id = ?, delivery = ?, started_at = coalesce(started_at, now()) WHERE id = ? AND attempt = ? "
                                + "AND coalesce(delivery, 0) <= ? AND state IN " + OPEN,
                        frames,
                        workerId,
                        delivery,
                        id,
                        attempt,
                        delivery)
                == 1;
    }

    /**
     * Promotes an attempt's files as the task's result, once: only while the task is still open, so a duplicate or
     * late TaskDone never replaces a promoted result.
     */
    public boolean promote(Connection c, UUID id, String workerId, List<SegmentFile> files) {
        return Jdbc.update(
                        c,
                        "UPDATE tasks SET state = 'DONE', promoted = ?::jsonb, finished_at = now(), "
                                + "worker_id = ?, progress_frames = expected_frames, reason = NULL WHERE id = ? AND state IN "
                                + OPEN,
                        JsonColumns.write(files),
                        workerId,
                        id)
                == 1;
    }

    /** Puts the task back in the backlog as a new attempt. */
    public boolean retry(Connection c, UUID id, int fromAttempt, int nextAttempt, Instant notBefore, String reason) {
        return Jdbc.update(
                        c,
                        "UPDATE tasks SET state = 'PENDING', attempt = ?, not_before = ?, published_at = NULL, "
                                + "started_at = NULL, last_event_at = NULL, worker_id = NULL, delivery = NULL, progress_frames = 0, "
                                + "reason = ? "
                                + "WHERE id = ? AND attempt = ? AND state IN " + OPEN,
                        nextAttempt,
                        notBefore,
                        reason,
                        id,
                        fromAttempt)
                == 1;
    }

    public boolean fail(Connection c, UUID id, String reason) {
        return Jdbc.update(
                        c,
                        "UPDATE tasks SET state = 'FAILED', finished_at = now(), reason = ? WHERE id = ? "
                                + "AND state IN " + OPEN,
                        reason,
                        id)
                == 1;
    }

    /** Ids of a job's open tasks (PENDING, PUBLISHED, RUNNING). */
    public List<UUID> openIds(Connection c, UUID jobId) {
        return Jdbc.query(
                c,
                "SELECT id FROM tasks WHERE job_id = ? AND state IN " + OPEN + " ORDER BY id",
                rs -> Jdbc.uuid(rs, "id"),
                jobId);
    }

    /** Tasks of a job in a state. */
    public long countInState(Connection c, UUID jobId, TaskState state) {
        return Jdbc.count(c, "SELECT count(*) FROM tasks WHERE job_id = ? AND state = ?", jobId, state);
    }

    /** Whether any task of the job left the backlog at some point (published, started, finished or retried). */
    public boolean anyDispatched(Connection c, UUID jobId) {
        return Jdbc.count(
                        c,
                        "SELECT count(*) FROM tasks WHERE job_id = ? AND (state <> 'PENDING' OR attempt > 1 "
                                + "OR published_at IS NOT NULL)",
                        jobId)
                > 0;
    }

    /**
     * A person's retry: the FAILED and CANCELLED tasks of the given clips go back to the backlog as a fresh attempt
     * (attempt + 1, eligible now). DONE tasks keep their promoted results. Returns how many.
     */
    public int reopen(Connection c, UUID jobId, List<UUID> clipIds, String reason) {
        return Jdbc.update(
                c,
                """
                UPDATE tasks SET state = 'PENDING', attempt = attempt + 1, not_before = now(), published_at = NULL,
                    started_at = NULL, finished_at = NULL, last_event_at = NULL, worker_id = NULL, delivery = NULL,
                    progress_frames = 0, reason = ?
                WHERE job_id = ? AND clip_id = ANY (?) AND state IN ('FAILED', 'CANCELLED')""",
                reason,
                jobId,
                Jdbc.uuidArray(c, clipIds));
    }

    /** Cancels every open task of a job. */
    public int cancelOpen(Connection c, UUID jobId, String reason) {
        return Jdbc.update(
                c,
                "UPDATE tasks SET state = 'CANCELLED', finished_at = now(), reason = ? "
                        + "WHERE job_id = ? AND state IN " + OPEN,
                reason,
                jobId);
    }

    /** Cancels the open tasks of one clip (its clip failed; the job's other clips go on). */
    public int cancelOpenOfClip(Connection c, UUID clipId, String reason) {
        return Jdbc.update(
                c,
                "UPDATE tasks SET state = 'CANCELLED', finished_at = now(), reason = ? "
                        + "WHERE clip_id = ? AND state IN " + OPEN,
                reason,
                clipId);
    }

    /** Tasks RUNNING without any event, or PUBLISHED and never started, for longer than {@code timeout}. */
    public List<TaskRow> stalled(Connection c, Duration timeout) {
        return Jdbc.query(
                c,
                "SELECT " + COLUMNS + " FROM tasks WHERE "
                        + "(state = 'RUNNING' AND coalesce(last_event_at, started_at) < now() - make_interval(secs => ?)) OR "
                        + "(state = 'PUBLISHED' AND published_at < now() - make_interval(secs => ?)) LIMIT 500",
                TaskRepository::map,
                seconds(timeout),
                seconds(timeout));
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    private static TaskRow map(ResultSet rs) throws SQLException {
        return new TaskRow(
                Jdbc.uuid(rs, "id"),
                Jdbc.uuid(rs, "job_id"),
                Jdbc.uuid(rs, "clip_id"),
                TaskKind.valueOf(rs.getString("kind")),
                rs.getInt("seg_index"),
                rs.getLong("start_us"),
                rs.getLong("end_us"),
                rs.getLong("expected_frames"),
                TaskState.valueOf(rs.getString("state")),
                rs.getInt("attempt"),
                Jdbc.instant(rs, "not_before"),
                Jdbc.instant(rs, "published_at"),
                Jdbc.instant(rs, "started_at"),
                Jdbc.instant(rs, "finished_at"),
                rs.getString("worker_id"),
                rs.getLong("progress_frames"),
                JsonColumns.read(rs.getString("promoted"), FILES),
                rs.getString("reason"));
    }
}
