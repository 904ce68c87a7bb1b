package io.darkroom.process.persistence;

import io.darkroom.contracts.JobState;
import io.darkroom.contracts.JobSubmitted;
import io.darkroom.contracts.Json;
import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.SourceRef;
import io.darkroom.process.domain.HistoryRow;
import io.darkroom.process.domain.JobRow;
import io.darkroom.process.domain.JobTransitions;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Jobs and their history (which doubles as the outbox of JobEvents). */
@ApplicationScoped
public class JobRepository {
    private static final String COLUMNS = "id, name, state, priority, pool, recipe::text AS recipe, "
            + "destination::text AS destination, submitted_by, submitted_at, updated_at, promotions, reason, job_date";

    /**
     * Inserts a job in state SUBMITTED with its date fixed (JobSubmitted.jobDate, else the submission's UTC date) and
     * its request hash; false when a job with this id exists (a repeated submission, or another request under the same
     * Idempotency-Key: the first stays as it is either way).
     */
    public boolean insert(Connection c, UUID id, JobSubmitted s) {
        Instant submittedAt = s.submittedAt() == null ? Instant.now() : s.submittedAt();
        return Jdbc.update(
                        c,
                        """
                INSERT INTO jobs (id, name, state, priority, pool, recipe, destination, submitted_by, submitted_at,
                                  job_date, submitted_by_subject, submitted_by_issuer, request_sha256)
                VALUES (?, ?, 'SUBMITTED', ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO NOTHING""",
                        id,
                        s.name() == null ? id.toString() : s.name(),
                        s.priority(),
                        s.pool(),
                        Json.write(s.recipe()),
                        Json.write(s.destination()),
                        s.submitter() != null ? s.submitter().name() : s.submittedBy(),
                        submittedAt,
                        s.jobDate() != null
                                ? s.jobDate()
                                : java.time.LocalDate.ofInstant(submittedAt, java.time.ZoneOffset.UTC),
                        s.submitter() == null ? null : s.submitter().subject(),
                        s.submitter() == null ? null : s.submitter().issuer(),
                        s.requestSha256())
                == 1;
    }

    /**
     * The request a job was stored for: its submitter (null before identities) and the hash of its request (null when
     * its submission carried none); empty for an unknown job.
     */
    public Optional<StoredRequest> storedRequest(Connection c, UUID id) {
        return Jdbc.one(
                c,
                "SELECT submitted_by, submitted_by_subject, submitted_by_issuer, request_sha256 FROM jobs WHERE id = ?",
                rs -> new StoredRequest(
                        rs.getString("submitted_by_subject") == null || rs.getString("submitted_by_issuer") == null
                                ? null
                                : new io.darkroom.contracts.Actor(
                                        rs.getString("submitted_by_subject"),
                                        rs.getString("submitted_by"),
                                        rs.getString("submitted_by_issuer")),
                        rs.getString("request_sha256")),
                id);
    }

    /** Who stored a job and for which request ({@link #storedRequest}). */
    public record StoredRequest(io.darkroom.contracts.Actor submitter, String requestSha256) {}

    /** Who submitted the job, as an identity; empty for an unknown job or one submitted before identities. */
    public Optional<io.darkroom.contracts.Actor> submitter(Connection c, UUID id) {
        return Jdbc.one(
                c,
                """
                SELECT submitted_by, submitted_by_subject, submitted_by_issuer FROM jobs
                WHERE id = ? AND submitted_by_subject IS NOT NULL AND submitted_by_issuer IS NOT NULL""",
                rs -> new io.darkroom.contracts.Actor(
                        rs.getString("submitted_by_subject"),
                        rs.getString("submitted_by"),
                        rs.getString("submitted_by_issuer")),
                id);
    }

    /** Reads and locks a job row for the rest of the transaction. Every state change of a job goes through this. */
    public Optional<JobRow> lock(Connection c, UUID id) {
        return Jdbc.one(c, "SELECT " + COLUMNS + " FROM jobs WHERE id = ? FOR UPDATE", JobRepository::map, id);
    }

    public Optional<JobRow> find(Connection c, UUID id) {
        return Jdbc.one(c, "SELECT " + COLUMNS + " FROM jobs WHERE id = ?", JobRepository::map, id);
    }

    /** Newest first. */
    public List<JobRow> list(Connection c, int limit) {
        return Jdbc.query(
                c,
                "SELECT " + COLUMNS + " FROM jobs ORDER BY submitted_at DESC, id LIMIT ?",
                JobRepository::map,
                limit);
    }

    /**
     * Moves a locked job to a new state and writes its history row; empty when the change is not allowed (the job
     * is already there, or terminal).
     */
    public Optional<HistoryRow> transition(Connection c, JobRow job, JobState to, String reason) {
        if (!JobTransitions.allowed(job.state(), to)) {
            return Optional.empty();
        }
        Jdbc.update(
                c,
                "UPDATE jobs SET state = ?, reason = coalesce(?, reason), updated_at = now() WHERE id = ?",
                to,
                reason,
                job.id());
        return Optional.of(history(c, job.id(), job.state(), to, reason));
    }

    /**
     * A person's retry of a FAILED job (see {@link JobTransitions#allowedByRetry}): the reason is cleared and the
     * change written to the history with {@code why}; empty when the job is not FAILED.
     */
    public Optional<HistoryRow> reopen(Connection c, JobRow job, JobState to, String why) {
        if (!JobTransitions.allowedByRetry(job.state(), to)) {
            return Optional.empty();
        }
        Jdbc.update(c, "UPDATE jobs SET state = ?, reason = NULL, updated_at = now() WHERE id = ?", to, job.id());
        return Optional.of(history(c, job.id(), job.state(), to, why));
    }

    /** Clears a job's reason (a resumed job no longer says who paused it). */
    public void clearReason(Connection c, UUID id) {
        Jdbc.update(c, "UPDATE jobs SET reason = NULL WHERE id = ?", id);
    }

    /** Replaces a job's stored recipe (an approver chose lanczos in place of the model). */
    public void setRecipe(Connection c, UUID id, Recipe recipe) {
        Jdbc.update(c, "UPDATE jobs SET recipe = ?::jsonb, updated_at = now() WHERE id = ?", Json.write(recipe), id);
    }

    /** Sets a job's dispatch priority (read by every dispatcher pass). */
    public void setPriority(Connection c, UUID id, int priority) {
        Jdbc.update(c, "UPDATE jobs SET priority = ?, updated_at = now() WHERE id = ?", priority, id);
    }

    /** Writes a history row (from may be null for the first state). */
    public HistoryRow history(Connection c, UUID jobId, JobState from, JobState to, String reason) {
        UUID eventId = UUID.randomUUID();
        return Jdbc.one(
                        c,
                        """
                INSERT INTO job_history (job_id, event_id, from_state, to_state, reason) VALUES (?, ?, ?, ?, ?)
                RETURNING id, at""",
                        rs -> new HistoryRow(
                                rs.getLong("id"), jobId, eventId, Jdbc.instant(rs, "at"), from, to, reason),
                        jobId,
                        eventId,
                        from == null ? null : from.name(),
                        to,
                        reason)
                .orElseThrow();
    }

    public void addPromotion(Connection c, UUID jobId) {
        Jdbc.update(c, "UPDATE jobs SET promotions = promotions + 1, updated_at = now() WHERE id = ?", jobId);
    }

    public List<HistoryRow> history(Connection c, UUID jobId) {
        return Jdbc.query(
                c, "SELECT * FROM job_history WHERE job_id = ? ORDER BY id", JobRepository::mapHistory, jobId);
    }

    /** History rows whose JobEvent was not acknowledged yet and that are older than {@code olderThan}. */
    public List<HistoryRow> unpublished(Connection c, Instant olderThan, int limit) {
        return Jdbc.query(
                c,
                "SELECT * FROM job_history WHERE published_at IS NULL AND at < ? ORDER BY id LIMIT ?",
                JobRepository::mapHistory,
                olderThan,
                limit);
    }

    public void markPublished(Connection c, long historyId) {
        Jdbc.update(c, "UPDATE job_history SET published_at = now() WHERE id = ? AND published_at IS NULL", historyId);
    }

    public Map<JobState, Long> countByState(Connection c) {
        Map<JobState, Long> counts = new EnumMap<>(JobState.class);
        for (JobState s : JobState.values()) {
            counts.put(s, 0L);
        }
        Jdbc.query(
                c,
                "SELECT state, count(*) AS n FROM jobs GROUP BY state",
                rs -> counts.put(JobState.valueOf(rs.getString("state")), rs.getLong("n")));
        return counts;
    }

    private static JobRow map(ResultSet rs) throws SQLException {
        return new JobRow(
                Jdbc.uuid(rs, "id"),
                rs.getString("name"),
                JobState.valueOf(rs.getString("state")),
                rs.getInt("priority"),
                rs.getString("pool"),
                JsonColumns.read(rs.getString("recipe"), Recipe.class),
                JsonColumns.read(rs.getString("destination"), SourceRef.class),
                rs.getString("submitted_by"),
                Jdbc.instant(rs, "submitted_at"),
                Jdbc.instant(rs, "updated_at"),
                rs.getInt("promotions"),
                rs.getString("reason"),
                rs.getObject("job_date", java.time.LocalDate.class));
    }

    private static HistoryRow mapHistory(ResultSet rs) throws SQLException {
        String from = rs.getString("from_state");
        return new HistoryRow(
                rs.getLong("id"),
                Jdbc.uuid(rs, "job_id"),
                Jdbc.uuid(rs, "event_id"),
                Jdbc.instant(rs, "at"),
                from == null ? null : JobState.valueOf(from),
                JobState.valueOf(rs.getString("to_state")),
                rs.getString("reason"));
    }
}
