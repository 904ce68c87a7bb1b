package io.darkroom.process.persistence;

import io.darkroom.process.domain.TrustedModel;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** The trusted model catalog (table models): written only by an admin's POST /models, read at planning. */
@ApplicationScoped
public class ModelRepository {
    private static final String COLUMNS = "name, sha256, fp16_sha256, registered_by, registered_at";

    /** Records a model; false (nothing written) when the name has a row already. */
    public boolean insert(Connection c, String name, String sha256, String fp16Sha256, String registeredBy) {
        return Jdbc.update(
                        c,
                        """
                INSERT INTO models (name, sha256, fp16_sha256, registered_by) VALUES (?, ?, ?, ?)
                ON CONFLICT (name) DO NOTHING""",
                        name,
                        sha256,
                        fp16Sha256,
                        registeredBy)
                == 1;
    }

    public Optional<TrustedModel> find(Connection c, String name) {
        return Jdbc.one(c, "SELECT " + COLUMNS + " FROM models WHERE name = ?", ModelRepository::map, name);
    }

    public List<TrustedModel> all(Connection c) {
        return Jdbc.query(c, "SELECT " + COLUMNS + " FROM models ORDER BY name", ModelRepository::map);
    }

    private static TrustedModel map(ResultSet rs) throws SQLException {
        return new TrustedModel(
                rs.getString("name"),
                rs.getString("sha256"),
                rs.getString("fp16_sha256"),
                rs.getString("registered_by"),
                Jdbc.instant(rs, "registered_at"));
    }
}
