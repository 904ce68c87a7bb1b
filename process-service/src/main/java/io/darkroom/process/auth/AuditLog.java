package io.darkroom.process.auth;

import io.darkroom.process.persistence.Database;
import io.darkroom.process.persistence.Jdbc;
import io.darkroom.security.Identity;
import io.darkroom.security.http.AuditEntry;
import io.darkroom.security.http.AuditSink;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/** The audit trail in the catalog (table audit_log, append-only: a trigger refuses UPDATE, DELETE, TRUNCATE). */
@ApplicationScoped
public class AuditLog implements AuditSink {
    private static final Logger LOG = Logger.getLogger(AuditLog.class);

    private final Database db;

    public AuditLog(Database db) {
        this.db = db;
    }

    /** One row as {@code GET /audit} answers it. */
    public record Row(
            long id,
            Instant at,
            String requestId,
            String service,
            String actorSubject,
            String actorName,
            String actorIssuer,
            String actorRoles,
            String action,
            String target,
            UUID jobId,
            String method,
            String path,
            int status,
            String outcome,
            String detail) {}

    @Override
    public void record(AuditEntry e) {
        Identity a = e.actor();
        UUID jobId = jobId(e);
        db.tx(c -> Jdbc.update(
                c,
                """
                INSERT INTO audit_log (at, request_id, service, actor_subject, actor_name, actor_issuer, actor_roles,
                                       action, target, job_id, method, path, status, outcome, detail)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (service, request_id) DO NOTHING""",
                Timestamp.from(e.at()),
                e.requestId(),
                e.service(),
                a == null ? null : a.subject(),
                a == null ? null : a.name(),
                a == null ? null : a.issuer(),
                a == null ? null : a.rolesText(),
                e.action(),
                e.target(),
                jobId,
                e.method(),
                e.path(),
                e.status(),
                e.outcome(),
                e.detail()));
        LOG.infof(
                "audit: %s %s by %s -> %d %s",
                e.action(), e.target(), a == null ? "anonymous" : a.subject(), e.status(), e.outcome());
    }

    /** Rows matching every given filter, oldest first, at most {@code limit}. */
    public List<Row> find(UUID job, Instant since, String actor, int limit) {
        StringBuilder sql = new StringBuilder(
                """
                SELECT id, at, request_id, service, actor_subject, actor_name, actor_issuer, actor_roles, action,
                       target, job_id, method, path, status, outcome, detail FROM audit_log WHERE true""");
        List<Object> params = new ArrayList<>();
        if (job != null) {
            sql.append(" AND job_id = ?");
            params.add(job);
        }
        if (since != null) {
            sql.append(" AND at >= ?");
            params.add(Timestamp.from(since));
        }
        if (actor != null) {
            sql.append(" AND (actor_subject = ? OR actor_name = ?)");
            params.add(actor);
            params.add(actor);
        }
        sql.append(" ORDER BY id LIMIT ?");
        params.add(limit);
        return db.read(c -> Jdbc.query(
                c,
                sql.toString(),
                rs -> new Row(
                        rs.getLong("id"),
                        Jdbc.instant(rs, "at"),
                        rs.getString("request_id"),
                        rs.getString("service"),
                        rs.getString("actor_subject"),
                        rs.getString("actor_name"),
                        rs.getString("actor_issuer"),
                        rs.getString("actor_roles"),
                        rs.getString("action"),
                        rs.getString("target"),
                        Jdbc.uuid(rs, "job_id"),
                        rs.getString("method"),
                        rs.getString("path"),
                        rs.getInt("status"),
                        rs.getString("outcome"),
                        rs.getString("detail")),
                params.toArray()));
    }

    private static UUID jobId(AuditEntry e) {
        if (e.target() == null
                || e.path() == null
                || !(e.path().startsWith("/jobs") || e.path().startsWith("/ui/jobs/") || "submit".equals(e.action()))) {
            return null;
        }
        try {
            return UUID.fromString(e.target());
        } catch (IllegalArgumentException ex) {
            return null;
        }
    }
}
