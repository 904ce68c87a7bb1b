package io.darkroom.process.auth;

import io.darkroom.process.config.DarkroomConfig;
import io.darkroom.process.persistence.Database;
import io.darkroom.process.service.ControlRefusedException;
import io.darkroom.process.service.ControlRefusedException.Kind;
import io.darkroom.security.Role;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Built-in users: names, display names, roles and bcrypt password hashes (cost {@value #BCRYPT_COST}) in the catalog.
 * Seeded at startup from {@code darkroom.users.seed.<name>.*} (the local stack's demo users), added by an admin
 * through {@code POST /users}.
 */
@ApplicationScoped
public class UserService {
    private static final Logger LOG = Logger.getLogger(UserService.class);
    static final int BCRYPT_COST = 12;
    public static final int MIN_PASSWORD = 8;
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    /** Checked when the user does not exist, so that an unknown name costs as long as a wrong password. */
    private static final String NO_SUCH_USER_HASH = BcryptUtil.bcryptHash("no such user", BCRYPT_COST);

    private final Database db;
    private final UserRepository users;
    private final DarkroomConfig config;

    public UserService(Database db, UserRepository users, DarkroomConfig config) {
        this.db = db;
        this.users = users;
        this.config = config;
    }

    void seed(@Observes StartupEvent ev) {
        for (Map.Entry<String, DarkroomConfig.Users.Seed> e :
                config.users().seed().entrySet()) {
            DarkroomConfig.Users.Seed s = e.getValue();
            try {
                if (add(e.getKey(), s.name().orElse(e.getKey()), s.password(), s.roles())) {
                    LOG.infof("user %s created from darkroom.users.seed (roles %s)", e.getKey(), s.roles());
                }
            } catch (ControlRefusedException ex) {
                throw new IllegalStateException("darkroom.users.seed." + e.getKey() + ": " + ex.getMessage(), ex);
            }
        }
    }

    /** Adds a user; false when the name is taken. INVALID for a bad name, password or role. */
    public boolean add(String username, String displayName, String password, List<String> roleNames) {
        if (username == null || !NAME.matcher(username).matches()) {
            throw new ControlRefusedException(
                    Kind.INVALID,
                    "username must be 1 to 64 of a-z 0-9 . _ - (starting with" + " a letter or digit), was "
                            + (username == null ? "missing" : "'" + username + "'"));
        }
        if (password == null || password.length() < MIN_PASSWORD) {
            throw new ControlRefusedException(
                    Kind.INVALID, "password must have at least " + MIN_PASSWORD + " characters");
        }
        List<Role> roles = roles(roleNames);
        String hash = BcryptUtil.bcryptHash(password, BCRYPT_COST);
        String name = displayName == null || displayName.isBlank() ? username : displayName.strip();
        return db.tx(c -> users.insert(c, username, name, hash, roles));
    }

    /**
     * Replaces a user's roles. NOT_FOUND for an unknown user, INVALID for a bad role, CONFLICT when it would leave
     * the site without an admin. Tokens issued before keep their roles until they expire.
     */
    public UserRow setRoles(String username, List<String> roleNames) {
        List<Role> roles = roles(roleNames);
        return db.tx(c -> {
            if (!roles.contains(Role.ADMIN)) {
                keepAnAdmin(c, username);
            }
            if (!users.updateRoles(c, username, roles)) {
                throw new ControlRefusedException(Kind.NOT_FOUND, "no user " + username);
            }
            LOG.infof("user %s: roles now %s", username, roles);
            return users.credentials(c, username)
                    .map(UserRepository.Credentials::user)
                    .orElseThrow();
        });
    }

    /**
     * Removes a user: they can no longer sign in (a token issued before works until it expires). NOT_FOUND for an
     * unknown user, CONFLICT for the last admin.
     */
    public void remove(String username) {
        db.tx(c -> {
            keepAnAdmin(c, username);
            if (!users.delete(c, username)) {
                throw new ControlRefusedException(Kind.NOT_FOUND, "no user " + username);
            }
            LOG.infof("user %s removed", username);
            return null;
        });
    }

    /** The user of that name, if there is one. */
    public Optional<UserRow> find(String username) {
        return db.read(c -> users.credentials(c, username).map(UserRepository.Credentials::user));
    }

    /**
     * Refuses (CONFLICT) to take admin from {@code username} when they are the site's only admin; the admins stay
     * locked until the transaction ends, so two such changes cannot both pass.
     */
    private void keepAnAdmin(Connection c, String username) {
        if (users.adminsForUpdate(c).equals(List.of(username))) {
            throw new ControlRefusedException(
                    Kind.CONFLICT, "user " + username + " is the last admin: give another user admin first");
        }
    }

    /** The user whose password this is; empty for an unknown user or a wrong password (same time either way). */
    public Optional<UserRow> authenticate(String username, String password) {
        if (username == null || password == null) {
            return Optional.empty();
        }
        Optional<UserRepository.Credentials> found = db.read(c -> users.credentials(c, username));
        boolean ok = BcryptUtil.matches(
                password, found.map(UserRepository.Credentials::passwordHash).orElse(NO_SUCH_USER_HASH));
        return ok && found.isPresent() ? Optional.of(found.get().user()) : Optional.empty();
    }

    public List<UserRow> list() {
        return db.read(users::list);
    }

    static List<Role> roles(List<String> names) {
        if (names == null || names.isEmpty()) {
            throw new ControlRefusedException(
                    Kind.INVALID, "roles must name at least one of artist, supervisor," + " ops, admin");
        }
        List<Role> out = new ArrayList<>();
        for (String n : names) {
            Role r = Role.parse(n)
                    .orElseThrow(() -> new ControlRefusedException(
                            Kind.INVALID, "unknown role '" + n + "' (roles: artist, supervisor, ops, admin)"));
            if (!out.contains(r)) {
                out.add(r);
            }
        }
        return List.copyOf(out);
    }
}
