package io.darkroom.local;

import io.darkroom.contracts.Actor;
import io.darkroom.security.Role;
import io.darkroom.security.SigningKeys;
import io.darkroom.security.TokenSigner;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Authentication of the single-machine stack: the token signing key pair in {@code <state>/auth} (made on first
 * start, private key mode 0600), the settings every service gets, and the demo users process-service creates.
 */
public final class LocalAuth {
    /** Demo users of the local stack. DEMO CREDENTIALS, printed by ./darkroom up: not for a real site. */
    public enum DemoUser {
        ARTIST("ana", "Ana Artist", Role.ARTIST),
        SUPERVISOR("sam", "Sam Supervisor", Role.SUPERVISOR),
        OPS("oli", "Oli Ops", Role.OPS),
        ADMIN("admin", "Site Admin", Role.ADMIN);

        private final String username;
        private final String displayName;
        private final Role role;

        DemoUser(String username, String displayName, Role role) {
            this.username = username;
            this.displayName = displayName;
            this.role = role;
        }

        public String username() {
            return username;
        }

        public String displayName() {
            return displayName;
        }

        public Role role() {
            return role;
        }

        /** The demo password (demo only: {@code <name>-demo-password}). */
        public String password() {
            return username + "-demo-password";
        }
    }

    private final Path dir;
    private final KeyPair keys;

    private LocalAuth(Path dir, KeyPair keys) {
        this.dir = dir;
        this.keys = keys;
    }

    /** The keys under {@code <stateDir>/auth}, made the first time. */
    public static LocalAuth in(Path stateDir) {
        Path d = stateDir.resolve("auth");
        return new LocalAuth(d, SigningKeys.loadOrCreate(d));
    }

    /** What every service needs: the verification key; process-service also the signing key file. */
    public Map<String, String> serviceConfig() {
        Map<String, String> cfg = new LinkedHashMap<>();
        cfg.put("darkroom.security.public-key", SigningKeys.publicKeyText(keys.getPublic()));
        cfg.put(
                "darkroom.security.private-key-file",
                dir.resolve(SigningKeys.PRIVATE_FILE).toString());
        return cfg;
    }

    /** process-service settings that create the demo users at start ({@code darkroom.users.seed.*}). */
    public static Map<String, String> demoUsersConfig() {
        Map<String, String> cfg = new LinkedHashMap<>();
        for (DemoUser u : DemoUser.values()) {
            cfg.put("darkroom.users.seed." + u.username() + ".password", u.password());
            cfg.put("darkroom.users.seed." + u.username() + ".roles", u.role().id());
            cfg.put("darkroom.users.seed." + u.username() + ".name", u.displayName());
        }
        return cfg;
    }

    /**
     * A token signed with this stack's key, for tests and the harness: subject {@code subject} at issuer
     * {@value Actor#DARKROOM_ISSUER}, valid for an hour.
     */
    public String token(String subject, String name, Role... roles) {
        return token(subject, name, Duration.ofHours(1), roles);
    }

    public String token(String subject, String name, Duration ttl, Role... roles) {
        return new TokenSigner(keys.getPrivate(), Actor.DARKROOM_ISSUER)
                .sign(subject, name, List.copyOf(Arrays.asList(roles)), ttl)
                .token();
    }

    public KeyPair keys() {
        return keys;
    }

    public Path dir() {
        return dir;
    }
}
