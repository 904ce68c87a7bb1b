package io.darkroom.process.web;

import io.darkroom.contracts.JobState;
import io.darkroom.process.persistence.Database;
import io.darkroom.process.persistence.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The monitor's reads that the job API does not have: a filtered, paged job list with progress, clip counts and
 * approval status in three indexed queries (fast at 10,000 jobs), and the change marks that drive live updates.
 */
@ApplicationScoped
public class MonitorQueries {
    public static final int PAGE_SIZE = 50;

    private final Database db;

    public MonitorQueries(Database db) {
        this.db = db;
    }

    /** What the job list is filtered by; null fields do not filter. */
    public record JobFilter(JobState state, String submitter, String text) {
        /** The text as a job id, when it is one. */
        UUID id() {
            try {
                return text == null || text.length() != 36 ? null : UUID.fromString(text);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        String textPattern() {
            return text == null
                    ? null
                    : "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        }
    }

    /** One row of the job list. */
    public record JobListRow(
            UUID id,
            String name,
            JobState state,
            int priority,
            String pool,
            String submittedBy,
            Instant submittedAt,
            int clips,
            String approval,
            long tasks,
            long tasksDone,
            long frames,
            long framesDone,
            Instant firstStarted) {}

    /** A page of the job list. */
    public record JobPage(List<JobListRow> rows, long total, int page, int pages) {}

    public JobPage jobs(JobFilter f, int page) {
        return db.read(c -> {
            // only the filters in use, so that each can use its index (a trigram index for the name, V7)
            List<String> clauses = new ArrayList<>();
            List<Object> args = new ArrayList<>();
            if (f.state() != null) {
                clauses.add("j.state = ?");
                args.add(f.state().name());
            }
            if (f.submitter() != null) {
                clauses.add("j.submitted_by = ?");
                args.add(f.submitter());
            }
            if (f.text() != null) {
                UUID id = f.id();
                clauses.add(id == null ? "j.name ILIKE ?" : "(j.name ILIKE ? OR j.id = ?)");
                args.add(f.textPattern());
                if (id != null) {
                    args.add(id);
                }
            }
            String where = clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses);
            Object[] params = args.toArray();
            long total = Jdbc.count(c, "SELECT count(*) FROM jobs j" + where, params);
            int pages = (int) Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
            int p = Math.max(1, Math.min(page, pages));
            Object[] paged = new Object[params.length + 2];
            System.arraycopy(params, 0, paged, 0, params.length);
            paged[params.length] = PAGE_SIZE;
            paged[params.length + 1] = (p - 1) * PAGE_SIZE;
            List<Object[]> base = Jdbc.query(
                    c,
                    """
                    SELECT j.id, j.name, j.state, j.priority, j.pool, j.submitted_by, j.submitted_at, a.status AS approval
                    FROM jobs j LEFT JOIN job_approvals a ON a.job_id = j.id"""
                            + where
                            + " ORDER BY j.submitted_at DESC, j.id LIMIT ? OFFSET ?",
                    rs -> new Object[] {
                        Jdbc.uuid(rs, "id"),
                        rs.getString("name"),
                        rs.getString("state"),
                        rs.getInt("priority"),
                        rs.getString("pool"),
                        rs.getString("submitted_by"),
                        Jdbc.instant(rs, "submitted_at"),
                        rs.getString("approval")
                    },
                    paged);
            List<UUID> ids = base.stream().map(r -> (UUID) r[0]).toList();
            Map<UUID, Object[]> agg = new HashMap<>();
            Map<UUID, Integer> clips = new HashMap<>();
            if (!ids.isEmpty()) {
                Jdbc.query(
                        c,
                        """
                        SELECT job_id, count(*) AS tasks, count(*) FILTER (WHERE state = 'DONE') AS done,
                               coalesce(sum(expected_frames) FILTER (WHERE kind = 'VIDEO_SEGMENT'), 0) AS frames,
                               coalesce(sum(CASE WHEN state = 'DONE' THEN expected_frames
                                        ELSE least(progress_frames, expected_frames) END)
                                   FILTER (WHERE kind = 'VIDEO_SEGMENT'), 0) AS frames_done,
                               min(started_at) AS first_started
                        FROM tasks WHERE job_id = ANY (?) GROUP BY job_id""",
                        rs -> agg.put(Jdbc.uuid(rs, "job_id"), new Object[] {
                            rs.getLong("tasks"),
                            rs.getLong("done"),
                            rs.getLong("frames"),
                            rs.getLong("frames_done"),
                            Jdbc.instant(rs, "first_started")
                        }),
                        Jdbc.uuidArray(c, ids));
                Jdbc.query(
                        c,
                        "SELECT job_id, count(*) AS n FROM clips WHERE job_id = ANY (?) GROUP BY job_id",
                        rs -> clips.put(Jdbc.uuid(rs, "job_id"), rs.getInt("n")),
                        Jdbc.uuidArray(c, ids));
            }
            List<JobListRow> rows = new ArrayList<>();
            for (Object[] r : base) {
                UUID id = (UUID) r[0];
                Object[] a = agg.getOrDefault(id, new Object[] {0L, 0L, 0L, 0L, null});
                rows.add(new JobListRow(
                        id,
                        (String) r[1],
                        JobState.valueOf((String) r[2]),
                        (int) r[3],
                        (String) r[4],
                        (String) r[5],
                        (Instant) r[6],
                        clips.getOrDefault(id, 0),
                        (String) r[7],
                        (long) a[0],
                        (long) a[1],
                        (long) a[2],
                        (long) a[3],
                        (Instant) a[4]));
            }
            return new JobPage(rows, total, p, pages);
        });
    }

    /**
     * A mark that changes whenever something the job pages show changes: a job row (state, priority, ...), a task's
     * start/progress/end, an approval; cheap (index-only maxima and two small aggregates; V7 indexes jobs.updated_at).
     */
    public String jobsMark() {
        return db.read(c -> Jdbc.one(
                        c,
                        """
                SELECT (SELECT coalesce(max(updated_at)::text, '') || '/' || count(*) FROM jobs)
                    || '|' || (SELECT coalesce(max(greatest(last_event_at, finished_at, published_at))::text, '')
                               || '/' || count(*) FROM tasks WHERE state IN ('PUBLISHED', 'RUNNING'))
                    || '|' || (SELECT coalesce(max(updated_at)::text, '') FROM job_approvals)
                    || '|' || (SELECT coalesce(max(id), 0) FROM job_history) AS mark""",
                        rs -> rs.getString("mark"))
                .orElse(""));
    }

    /** A mark that changes with every heartbeat stored. */
    public String workersMark() {
        return db.read(c -> Jdbc.one(
                        c,
                        "SELECT coalesce(max(last_heartbeat)::text, '') || '/' || count(*) AS mark" + " FROM workers",
                        rs -> rs.getString("mark"))
                .orElse(""));
    }
}
