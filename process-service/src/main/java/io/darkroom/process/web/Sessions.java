package io.darkroom.process.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.darkroom.security.Identity;
import io.darkroom.security.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * Web monitor sessions as signed cookies: who signed in, until when, and the session's CSRF token (every form
 * carries it back). Nothing is stored on the server; HMAC-SHA256 with {@code darkroom.web.session-key} (or a random key
 * per start).
 */
@ApplicationScoped
public class Sessions {
    private static final Logger LOG = Logger.getLogger(Sessions.class);
    public static final String COOKIE = "darkroom_session";
    /** The CSRF token of the sign-in form (double submit: cookie and hidden field must match). */
    public static final String LOGIN_COOKIE = "darkroom_login";

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;
    private final WebConfig config;

    public Sessions(WebConfig config) {
        this.config = config;
        if (config.sessionKey().isPresent()) {
            String k = config.sessionKey().get();
            if (k.length() < 32) {
                throw new IllegalStateException("darkroom.web.session-key must have at least 32 characters");
            }
            key = k.getBytes(StandardCharsets.UTF_8);
        } else {
            key = new byte[32];
            RANDOM.nextBytes(key);
            LOG.info("web monitor: no darkroom.web.session-key, sessions are signed with a key of this start");
        }
    }

    /**
     * A signed-in session.
     *
     * @param idToken the OpenID provider's ID token of a sign-in through it (the hint of the provider's sign-out);
     *                null for the form login
     */
    public record Session(
            String subject, String name, String issuer, Set<String> roles, String csrf, long expires, String idToken) {
        public WebUser user() {
            return new WebUser(Identity.of(subject, name, issuer, roles));
        }
    }

    public static String newToken() {
        return newToken(24);
    }

    /** A random token of this many bytes, base64url without padding. */
    public static String newToken(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** A new session for a person who just signed in through the form. */
    public Session open(Identity user) {
        return open(user, null);
    }

    /** A new session for a person who just signed in; idToken when through the OpenID provider. */
    public Session open(Identity user, String idToken) {
        return new Session(
                user.subject(),
                user.name(),
                user.issuer(),
                user.roles().stream().map(Role::id).collect(java.util.stream.Collectors.toSet()),
                newToken(),
                Instant.now().plus(config.sessionTtl()).getEpochSecond(),
                idToken);
    }

    public String encode(Session s) {
        return seal(s);
    }

    /** The session a cookie holds; empty when absent, tampered with or expired. */
    public Optional<Session> decode(String cookie) {
        return unseal(cookie, Session.class)
                .filter(s -> s.expires() >= Instant.now().getEpochSecond());
    }

    /** A value as a signed cookie value: base64url(JSON) "." HMAC. */
    public String seal(Object value) {
        try {
            String body = Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(value));
            return body + "." + sign(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The value a {@link #seal sealed} cookie holds; empty when absent, not sealed here, or tampered with. */
    public <T> Optional<T> unseal(String cookie, Class<T> type) {
        if (cookie == null) {
            return Optional.empty();
        }
        int dot = cookie.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        String body = cookie.substring(0, dot);
        byte[] given = cookie.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(given, sign(body).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(Base64.getUrlDecoder().decode(body), type));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** A monitor cookie (path /ui, HttpOnly, SameSite=Lax, Secure when configured); maxAge 0 deletes it. */
    public NewCookie cookie(String name, String value, int maxAge) {
        return new NewCookie.Builder(name)
                .value(value)
                .path("/ui")
                .httpOnly(true)
                .secure(config.secureCookies())
                .sameSite(NewCookie.SameSite.LAX)
                .maxAge(maxAge)
                .build();
    }

    /** Constant-time comparison of two CSRF tokens; false when either is missing. */
    public static boolean sameToken(String a, String b) {
        return a != null
                && b != null
                && !a.isEmpty()
                && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    public boolean secureCookies() {
        return config.secureCookies();
    }

    private String sign(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(mac.doFinal(body.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
