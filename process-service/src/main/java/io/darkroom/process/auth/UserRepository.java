package io.darkroom.process.auth;

import io.darkroom.process.persistence.DataAccessException;
import io.darkroom.process.persistence.Jdbc;
import io.darkroom.security.Role;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Built-in users in the catalog (table users). */
@ApplicationScoped
public class UserRepository {

    /** A user with their bcrypt hash, for the password check only. */
    record Credentials(UserRow user, String passwordHash) {}

    /** Inserts a user; false when the name is taken. */
    public boolean insert(Connection c, String username, String displayName, String passwordHash, List<Role> roles) {
        String sql =
                """
                INSERT INTO users (username, display_name, password_hash, roles) VALUES (?, ?, ?, ?)
                ON CONFLICT (username) DO NOTHING""";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, username);
            ps.setString(2, displayName);
            ps.setString(3, passwordHash);
            ps.setArray(4, roles(c, roles));
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new DataAccessException(sql, e);
        }
    }

    /** Replaces a user's roles; false when there is no such user. */
    public boolean updateRoles(Connection c, String username, List<Role> roles) {
        String sql = "UPDATE users SET roles = ?, updated_at = now() WHERE username = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, roles(c, roles));
            ps.setString(2, username);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new DataAccessException(sql, e);
        }
    }

    /** Removes a user; false when there is no such user. */
    public boolean delete(Connection c, String username) {
        String sql = "DELETE FROM users WHERE username = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, username);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new DataAccessException(sql, e);
        }
    }

    /** Users holding the admin role, locked until the transaction ends (so two removals cannot race). */
    public List<String> adminsForUpdate(Connection c) {
        return Jdbc.query(
                c,
                "SELECT username FROM users WHERE 'admin' = ANY (roles) ORDER BY username FOR UPDATE",
                rs -> rs.getString("username"));
    }

    Optional<Credentials> credentials(Connection c, String username) {
        return Jdbc.one(
                c,
                "SELECT username, display_name, roles, created_at, password_hash FROM users WHERE username = ?",
                rs -> new Credentials(map(rs), rs.getString("password_hash")),
                username);
    }

    public List<UserRow> list(Connection c) {
        return Jdbc.query(
                c,
                "SELECT username, display_name, roles, created_at FROM users ORDER BY username",
                UserRepository::map);
    }

    private static Array roles(Connection c, List<Role> roles) throws SQLException {
        return c.createArrayOf("text", roles.stream().map(Role::id).toArray());
    }

    private static UserRow map(ResultSet rs) throws SQLException {
        List<Role> roles = new ArrayList<>();
        Array a = rs.getArray("roles");
        if (a != null) {
            for (Object o : (Object[]) a.getArray()) {
                Role.parse(String.valueOf(o)).ifPresent(roles::add);
            }
        }
        return new UserRow(
                rs.getString("username"),
                rs.getString("display_name"),
                List.copyOf(roles),
                Jdbc.instant(rs, "created_at"));
    }
}
