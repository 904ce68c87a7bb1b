package io.darkroom.process.persistence;

import io.darkroom.process.domain.ArtifactRow;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.util.List;
import java.util.UUID;

/** A job's artifacts: posters, contact sheet, ALE (made once its clips ended). */
@ApplicationScoped
public class ArtifactRepository {

    /**
     * Replaces the job's artifact list made at its finish (a retried job makes new files; the old ones stay on disk,
     * unlisted). The approval preview images, made before the job rendered, stay listed.
     */
    public void replace(Connection c, UUID jobId, List<ArtifactRow> artifacts) {
        Jdbc.update(c, "DELETE FROM job_artifacts WHERE job_id = ? AND kind <> ?", jobId, ArtifactRow.PREVIEW);
        add(
                c,
                jobId,
                artifacts.stream()
                        .filter(a -> !ArtifactRow.PREVIEW.equals(a.kind()))
                        .toList());
    }

    /** Adds rows to the job's artifact list. */
    public void add(Connection c, UUID jobId, List<ArtifactRow> artifacts) {
        for (ArtifactRow a : artifacts) {
            Jdbc.update(
                    c,
                    "INSERT INTO job_artifacts (job_id, kind, clip_id, path) VALUES (?, ?, ?, ?)",
                    jobId,
                    a.kind(),
                    a.clipId(),
                    a.path());
        }
    }

    public List<ArtifactRow> byJob(Connection c, UUID jobId) {
        return Jdbc.query(
                c,
                "SELECT kind, clip_id, path FROM job_artifacts WHERE job_id = ? ORDER BY id",
                rs -> new ArtifactRow(rs.getString("kind"), Jdbc.uuid(rs, "clip_id"), rs.getString("path")),
                jobId);
    }

    /** Jobs ASSEMBLING whose clips all ended: their artifacts and outcome are still to come (e.g. after a restart). */
    public List<UUID> jobsToFinish(Connection c) {
        return Jdbc.query(
                c,
                """
                SELECT j.id FROM jobs j WHERE j.state = 'ASSEMBLING'
                AND NOT EXISTS (SELECT 1 FROM clips cl WHERE cl.job_id = j.id AND cl.state IN ('PLANNED', 'ASSEMBLING'))
                ORDER BY j.submitted_at""",
                rs -> Jdbc.uuid(rs, "id"));
    }
}
