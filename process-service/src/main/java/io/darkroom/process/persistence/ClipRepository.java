package io.darkroom.process.persistence;

import com.fasterxml.jackson.core.type.TypeReference;
import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.RenderTask.RenderOutput;
import io.darkroom.contracts.SourceRef;
import io.darkroom.process.domain.ClipRow;
import io.darkroom.process.domain.ClipState;
import io.darkroom.process.domain.OutputResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Clips: one source of a job, its fitted outputs and, after assembly, its final files and QC reports. */
@ApplicationScoped
public class ClipRepository {
    private static final TypeReference<List<RenderOutput>> RENDER_OUTPUTS = new TypeReference<>() {};
    private static final TypeReference<LinkedHashMap<String, OutputResult>> OUTPUTS = new TypeReference<>() {};
    private static final String COLUMNS = "id, job_id, idx, clip_name, source_root, source_path, media::text AS media, "
            + "render_outputs::text AS render_outputs, outputs::text AS outputs, state, reason";

    public void insert(Connection c, ClipRow clip) {
        Jdbc.update(
                c,
                """
                INSERT INTO clips (id, job_id, idx, clip_name, source_root, source_path, media, render_outputs, state)
                VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?)""",
                clip.id(),
                clip.jobId(),
                clip.index(),
                clip.clipName(),
                clip.source().root(),
                clip.source().path(),
                JsonColumns.write(clip.media()),
                JsonColumns.write(clip.renderOutputs()),
                clip.state());
    }

    public Optional<ClipRow> find(Connection c, UUID id) {
        return Jdbc.one(c, "SELECT " + COLUMNS + " FROM clips WHERE id = ?", ClipRepository::map, id);
    }

    public List<ClipRow> byJob(Connection c, UUID jobId) {
        return Jdbc.query(
                c, "SELECT " + COLUMNS + " FROM clips WHERE job_id = ? ORDER BY idx", ClipRepository::map, jobId);
    }

    /** Ids of clips in a state (e.g. ASSEMBLING, to resume after a restart). */
    public List<UUID> idsInState(Connection c, ClipState state) {
        return Jdbc.query(
                c, "SELECT id FROM clips WHERE state = ? ORDER BY job_id, idx", rs -> Jdbc.uuid(rs, "id"), state);
    }

    /** Moves a clip from one of {@code from} to {@code to}; false when it was in none of them. */
    public boolean transition(Connection c, UUID clipId, List<ClipState> from, ClipState to, String reason) {
        String in =
                String.join(",", from.stream().map(s -> "'" + s.name() + "'").toList());
        return Jdbc.update(
                        c,
                        "UPDATE clips SET state = ?, reason = coalesce(?, reason) WHERE id = ? AND state IN (" + in
                                + ")",
                        to,
                        reason,
                        clipId)
                == 1;
    }

    /** Cancels every clip of the job that has not ended (PLANNED or ASSEMBLING). */
    public int cancelUnfinished(Connection c, UUID jobId, String reason) {
        return Jdbc.update(
                c,
                "UPDATE clips SET state = 'CANCELLED', reason = ? WHERE job_id = ? "
                        + "AND state IN ('PLANNED', 'ASSEMBLING')",
                reason,
                jobId);
    }

    /**
     * A person's retry: the given clips go back to PLANNED with their reason and outputs cleared (assembly chooses
     * new output paths; a file a failed run left keeps its name, the new one gets a -1 suffix).
     */
    public int reopen(Connection c, List<UUID> clipIds) {
        return Jdbc.update(
                c,
                "UPDATE clips SET state = 'PLANNED', reason = NULL, outputs = '{}' "
                        + "WHERE id = ANY (?) AND state IN ('FAILED', 'CANCELLED')",
                Jdbc.uuidArray(c, clipIds));
    }

    /** Replaces the render outputs of a clip (an approver chose lanczos in place of the model). */
    public void setRenderOutputs(Connection c, UUID clipId, List<RenderOutput> outputs) {
        Jdbc.update(c, "UPDATE clips SET render_outputs = ?::jsonb WHERE id = ?", JsonColumns.write(outputs), clipId);
    }

    /** Records one output of a clip (path chosen, then QC report). */
    public void putOutput(Connection c, UUID clipId, OutputResult output) {
        Jdbc.update(
                c,
                "UPDATE clips SET outputs = outputs || jsonb_build_object(?::text, ?::jsonb) WHERE id = ?",
                output.name(),
                JsonColumns.write(output),
                clipId);
    }

    private static ClipRow map(ResultSet rs) throws SQLException {
        Map<String, OutputResult> outputs = JsonColumns.read(rs.getString("outputs"), OUTPUTS);
        return new ClipRow(
                Jdbc.uuid(rs, "id"),
                Jdbc.uuid(rs, "job_id"),
                rs.getInt("idx"),
                rs.getString("clip_name"),
                new SourceRef(rs.getString("source_root"), rs.getString("source_path")),
                JsonColumns.read(rs.getString("media"), MediaInfo.class),
                JsonColumns.read(rs.getString("render_outputs"), RENDER_OUTPUTS),
                outputs == null ? Map.of() : outputs,
                ClipState.valueOf(rs.getString("state")),
                rs.getString("reason"));
    }
}
