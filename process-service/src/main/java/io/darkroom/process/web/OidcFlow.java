package io.darkroom.process.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The browser side of the OpenID Connect authorization-code flow, as plain functions: PKCE (S256), the pending
 * sign-in bound to the browser (state, nonce and code verifier, kept in the signed {@code darkroom_login} cookie),
 * the checks of the provider's answer, and the mapping of the ID token's claims to Darkroom's roles and name.
 * {@link OidcProvider} talks to the provider; {@link OidcLoginPage} is the HTTP side.
 */
public final class OidcFlow {

    private OidcFlow() {}

    /**
     * A sign-in under way, between the redirect to the provider and its callback.
     *
     * @param state    echoed by the provider; must come back unchanged (binds the callback to this browser)
     * @param nonce    must come back inside the ID token (binds the token to this sign-in)
     * @param verifier the PKCE code verifier; only its S256 challenge leaves the browser's cookie
     * @param next     the monitor page to land on afterwards
     * @param expires  epoch second after which the callback is refused
     */
    public record Pending(String state, String nonce, String verifier, String next, long expires) {}

    /** A new pending sign-in with fresh random state, nonce and code verifier (32 random bytes each). */
    public static Pending start(String next, Instant now, Duration ttl) {
        return new Pending(
                Sessions.newToken(32),
                Sessions.newToken(32),
                Sessions.newToken(32),
                next,
                now.plus(ttl).getEpochSecond());
    }

    /** The PKCE S256 code challenge of a verifier: BASE64URL(SHA-256(ASCII(verifier))) without padding. */
    public static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The provider's authorization URL for this sign-in (response type code, PKCE S256, state, nonce). */
    public static String authorizationUrl(
            String endpoint, String clientId, String redirectUri, String scope, Pending p) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("response_type", "code");
        q.put("client_id", clientId);
        q.put("redirect_uri", redirectUri);
        q.put("scope", scope);
        q.put("state", p.state());
        q.put("nonce", p.nonce());
        q.put("code_challenge", challenge(p.verifier()));
        q.put("code_challenge_method", "S256");
        return endpoint + (endpoint.contains("?") ? "&" : "?") + form(q);
    }

    /** {@code a=1&b=2}, each value URL-encoded. */
    public static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** What the provider sent back to the callback. */
    public record Callback(String code, String state, String issuer, String error, String errorDescription) {}

    /**
     * Checks the callback against the pending sign-in of this browser; returns the pending sign-in, or throws the
     * error page to show (400 for a callback this browser did not start or that was forged or replayed, 401 when
     * the provider refused the person).
     */
    public static Pending check(Optional<Pending> pending, Callback cb, String expectedIssuer, Instant now) {
        if (pending.isEmpty()) {
            throw WebError.badRequest("no sign-in through the OpenID provider is under way in this browser (it was "
                    + "finished already, started in another browser, or its cookie was changed): start again from "
                    + "the sign-in page");
        }
        Pending p = pending.get();
        if (!Sessions.sameToken(cb.state(), p.state())) {
            throw WebError.badRequest("the sign-in answer does not belong to the sign-in this browser started "
                    + "(state does not match): start again from the sign-in page");
        }
        if (p.expires() < now.getEpochSecond()) {
            throw WebError.badRequest("the sign-in took too long and expired: start again from the sign-in page");
        }
        if (cb.issuer() != null && !cb.issuer().equals(expectedIssuer)) {
            throw WebError.badRequest(
                    "the sign-in answer comes from another provider (iss " + cb.issuer() + "), not " + expectedIssuer);
        }
        if (cb.error() != null) {
            throw new WebError(
                    401,
                    "Not signed in",
                    "the OpenID provider did not sign you in: " + cb.error()
                            + (cb.errorDescription() == null ? "" : " (" + cb.errorDescription() + ")"));
        }
        if (cb.code() == null || cb.code().isBlank()) {
            throw WebError.badRequest("the sign-in answer carries no authorization code");
        }
        return p;
    }

    /**
     * The values of a claim path as quarkus-oidc reads roles ({@code groups}, {@code realm_access/roles}; several
     * paths separated by commas): strings or arrays of strings; anything else is ignored.
     */
    public static Set<String> claimValues(Map<String, Object> claims, String paths) {
        Set<String> out = new LinkedHashSet<>();
        for (String path : paths.split(",")) {
            Object node = claims;
            for (String part : path.strip().split("/")) {
                node = node instanceof Map<?, ?> m ? m.get(part) : null;
            }
            if (node instanceof String s) {
                out.addAll(List.of(s.split("[ ,]+")));
            } else if (node instanceof Collection<?> c) {
                c.stream()
                        .filter(String.class::isInstance)
                        .map(String.class::cast)
                        .forEach(out::add);
            }
        }
        out.removeIf(String::isBlank);
        return out;
    }

    /** The display name: the first non-blank of the name claims (as for bearer tokens), else null. */
    public static String name(Map<String, Object> claims, List<String> nameClaims) {
        for (String c : nameClaims) {
            Object v = claims.get(c);
            if (v != null && !v.toString().isBlank()) {
                return v.toString();
            }
        }
        return null;
    }
}
