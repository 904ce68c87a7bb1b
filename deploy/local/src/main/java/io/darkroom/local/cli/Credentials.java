package io.darkroom.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.darkroom.contracts.Json;
import io.darkroom.local.DarkroomClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The signed-in user's token, kept by {@code ./darkroom login} in {@code <config>/darkroom/token.json} (mode 0600),
 * where {@code <config>} is {@code $DARKROOM_CONFIG_HOME} (system property {@code darkroom.config.home} first), else {@code $XDG_CONFIG_HOME}, else {@code ~/.config}.
 * Removed by {@code ./darkroom logout}; an expired one is refused here before any request.
 *
 * @param processUrl the process-service that issued it
 */
record Credentials(
        String processUrl,
        String token,
        Instant expiresAt,
        String subject,
        String name,
        String issuer,
        List<String> roles) {

    static Path location() {
        String base = System.getProperty("darkroom.config.home", System.getenv("DARKROOM_CONFIG_HOME"));
        if (base == null || base.isBlank()) {
            String xdg = System.getenv("XDG_CONFIG_HOME");
            base = xdg != null && !xdg.isBlank()
                    ? xdg
                    : Path.of(System.getProperty("user.home"), ".config").toString();
            return Path.of(base, "darkroom", "token.json");
        }
        return Path.of(base, "token.json");
    }

    static Credentials of(String processUrl, DarkroomClient.Login l) {
        return new Credentials(processUrl, l.token(), l.expiresAt(), l.subject(), l.name(), l.issuer(), l.roles());
    }

    boolean expired() {
        return expiresAt != null && !expiresAt.isAfter(Instant.now());
    }

    void write() {
        Path file = location();
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, Json.write(this));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static Optional<Credentials> read() {
        Path file = location();
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.read(Files.readString(file), Credentials.class));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static boolean delete() {
        try {
            return Files.deleteIfExists(location());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + location(), e);
        }
    }

    /** The expiry a JWT states ({@code exp}), read without checking the signature (the server checks); null if none. */
    static Instant expiry(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            return null;
        }
        try {
            JsonNode claims =
                    Json.mapper().readTree(java.util.Base64.getUrlDecoder().decode(parts[1]));
            return claims.path("exp").canConvertToLong()
                    ? Instant.ofEpochSecond(claims.path("exp").asLong())
                    : null;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The token to send: {@code $DARKROOM_TOKEN} when set (an OpenID provider's, given by the caller's environment),
     * else the signed-in one, else a CLI failure telling how to sign in.
     */
    static String requireToken() {
        String env = System.getenv("DARKROOM_TOKEN");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        Credentials c = read().orElseThrow(() ->
                CliException.failed("not signed in: run ./darkroom login (token file " + location() + ")"));
        if (c.expired()) {
            throw CliException.failed("your sign-in expired at " + c.expiresAt() + ": run ./darkroom login again");
        }
        return c.token();
    }
}
