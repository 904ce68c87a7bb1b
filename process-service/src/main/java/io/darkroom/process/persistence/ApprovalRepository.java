package io.darkroom.process.persistence;

import com.fasterxml.jackson.core.type.TypeReference;
import io.darkroom.process.domain.Approval;
import io.darkroom.process.domain.Approval.ClipEvaluation;
import io.darkroom.process.domain.Approval.PreviewImage;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The approval gates of jobs (table job_approvals). */
@ApplicationScoped
public class ApprovalRepository {
    private static final String COLUMNS = "job_id, status, model, scale, previews::text AS previews, "
            + "evaluation::text AS evaluation, method, decided_by, note, decided_at, error";

    /** Opens a gate in RENDERING_PREVIEW; false when the job has one already. */
    public boolean insert(Connection c, UUID jobId, String model, int scale) {
        return Jdbc.update(
                        c,
                        """
                INSERT INTO job_approvals (job_id, status, model, scale) VALUES (?, 'RENDERING_PREVIEW', ?, ?)
                ON CONFLICT (job_id) DO NOTHING""",
                        jobId,
                        model,
                        scale)
                == 1;
    }

    public Optional<Approval> find(Connection c, UUID jobId) {
        return Jdbc.one(
                c, "SELECT " + COLUMNS + " FROM job_approvals WHERE job_id = ?", ApprovalRepository::map, jobId);
    }

    /** RENDERING_PREVIEW -> READY with the images and numbers; false when the gate was elsewhere. */
    public boolean ready(Connection c, UUID jobId, List<PreviewImage> previews, List<ClipEvaluation> evaluation) {
        return Jdbc.update(
                        c,
                        """
                UPDATE job_approvals SET status = 'READY', previews = ?::jsonb, evaluation = ?::jsonb, error = NULL,
                       updated_at = now()
                WHERE job_id = ? AND status = 'RENDERING_PREVIEW'""",
                        JsonColumns.write(previews),
                        JsonColumns.write(evaluation),
                        jobId)
                == 1;
    }

    /** RENDERING_PREVIEW -> FAILED with the reason. */
    public boolean failed(Connection c, UUID jobId, String error) {
        return Jdbc.update(
                        c,
                        """
                UPDATE job_approvals SET status = 'FAILED', error = ?, updated_at = now()
                WHERE job_id = ? AND status = 'RENDERING_PREVIEW'""",
                        error,
                        jobId)
                == 1;
    }

    /** READY -> APPROVED / REJECTED with who, how and why; false when the gate was not READY. */
    public boolean decide(
            Connection c,
            UUID jobId,
            Approval.Status status,
            Approval.Method method,
            io.darkroom.contracts.Actor by,
            String note) {
        return Jdbc.update(
                        c,
                        """
                UPDATE job_approvals SET status = ?, method = ?, decided_by = ?, note = ?, decided_at = now(),
                       updated_at = now(), decided_by_subject = ?, decided_by_issuer = ?
                WHERE job_id = ? AND status = 'READY'""",
                        status.name(),
                        method == null ? null : method.wire(),
                        by.name(),
                        note,
                        by.subject(),
                        by.issuer(),
                        jobId)
                == 1;
    }

    /** Who approved or rejected, as an identity; empty while undecided or for decisions before identities. */
    public Optional<io.darkroom.contracts.Actor> decider(Connection c, UUID jobId) {
        return Jdbc.one(
                c,
                """
                SELECT decided_by, decided_by_subject, decided_by_issuer FROM job_approvals
                WHERE job_id = ? AND decided_by_subject IS NOT NULL AND decided_by_issuer IS NOT NULL""",
                rs -> new io.darkroom.contracts.Actor(
                        rs.getString("decided_by_subject"),
                        rs.getString("decided_by"),
                        rs.getString("decided_by_issuer")),
                jobId);
    }

    /** Jobs waiting in AWAITING_APPROVAL whose preview is not made yet (after a restart). */
    public List<UUID> previewsToRender(Connection c) {
        return Jdbc.query(
                c,
                """
                SELECT a.job_id FROM job_approvals a JOIN jobs j ON j.id = a.job_id
                WHERE a.status = 'RENDERING_PREVIEW' AND j.state = 'AWAITING_APPROVAL' ORDER BY a.created_at""",
                rs -> Jdbc.uuid(rs, "job_id"));
    }

    private static Approval map(ResultSet rs) throws SQLException {
        String method = rs.getString("method");
        return new Approval(
                Jdbc.uuid(rs, "job_id"),
                Approval.Status.valueOf(rs.getString("status")),
                rs.getString("model"),
                rs.getInt("scale"),
                JsonColumns.read(rs.getString("previews"), new TypeReference<List<PreviewImage>>() {}),
                JsonColumns.read(rs.getString("evaluation"), new TypeReference<List<ClipEvaluation>>() {}),
                Approval.Method.parse(method),
                rs.getString("decided_by"),
                rs.getString("note"),
                Jdbc.instant(rs, "decided_at"),
                rs.getString("error"));
    }
}
