package io.darkroom.process.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OidcFlowTest {
    static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
    static final String ISSUER = "http://127.0.0.1:8180/realms/darkroom";

    @Test
    void pkceChallengeIsTheS256OfTheVerifierAsRfc7636AppendixBWorksIt() {
        assertThat(OidcFlow.challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
                .isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }

    @Test
    void everySignInGetsItsOwnUnguessableStateNonceAndVerifier() {
        OidcFlow.Pending a = OidcFlow.start("/ui/jobs", NOW, Duration.ofMinutes(10));
        OidcFlow.Pending b = OidcFlow.start("/ui/jobs", NOW, Duration.ofMinutes(10));
        assertThat(a.state()).isNotEqualTo(b.state()).hasSize(43);
        assertThat(a.nonce()).isNotEqualTo(b.nonce()).isNotEqualTo(a.state()).hasSize(43);
        // RFC 7636: 43 to 128 characters of [A-Z a-z 0-9 - . _ ~]
        assertThat(a.verifier()).matches("[A-Za-z0-9._~-]{43,128}").isNotEqualTo(b.verifier());
        assertThat(a.expires()).isEqualTo(NOW.plusSeconds(600).getEpochSecond());
    }

    @Test
    void theAuthorizationUrlAsksForACodeWithPkceS256StateAndNonceButNeverCarriesTheVerifier() {
        OidcFlow.Pending p = OidcFlow.start("/ui/jobs", NOW, Duration.ofMinutes(10));
        String url = OidcFlow.authorizationUrl(
                ISSUER + "/protocol/openid-connect/auth",
                "darkroom-web",
                "http://127.0.0.1:8082/ui/login/oidc/callback",
                "openid profile",
                p);
        Map<String, String> q = query(url);
        assertThat(url).startsWith(ISSUER + "/protocol/openid-connect/auth?");
        assertThat(q)
                .containsEntry("response_type", "code")
                .containsEntry("client_id", "darkroom-web")
                .containsEntry("redirect_uri", "http://127.0.0.1:8082/ui/login/oidc/callback")
                .containsEntry("scope", "openid profile")
                .containsEntry("state", p.state())
                .containsEntry("nonce", p.nonce())
                .containsEntry("code_challenge", OidcFlow.challenge(p.verifier()))
                .containsEntry("code_challenge_method", "S256");
        assertThat(url).doesNotContain(p.verifier());
    }

    @Test
    void theCallbackOfThisBrowsersSignInIsAccepted() {
        OidcFlow.Pending p = OidcFlow.start("/ui/audit", NOW, Duration.ofMinutes(10));
        assertThat(OidcFlow.check(
                        Optional.of(p),
                        new OidcFlow.Callback("the-code", p.state(), ISSUER, null, null),
                        ISSUER,
                        NOW.plusSeconds(30)))
                .isEqualTo(p);
    }

    @Test
    void aCallbackWithAnotherStateIsRefusedWith400() {
        OidcFlow.Pending p = OidcFlow.start("/ui/jobs", NOW, Duration.ofMinutes(10));
        WebError e = refused(Optional.of(p), new OidcFlow.Callback("code", "forged-state", null, null, null));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("state does not match");
        assertThat(refused(Optional.of(p), new OidcFlow.Callback("code", null, null, null, null))
                        .status())
                .isEqualTo(400);
    }

    @Test
    void aCallbackWithoutASignInUnderWayIsRefused() {
        WebError e = refused(Optional.empty(), new OidcFlow.Callback("code", "state", null, null, null));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("no sign-in");
    }

    @Test
    void anExpiredSignInAMissingCodeAnotherIssuerAndAProviderErrorAreRefused() {
        OidcFlow.Pending p = OidcFlow.start("/ui/jobs", NOW, Duration.ofMinutes(10));
        OidcFlow.Pending old = new OidcFlow.Pending(
                p.state(),
                p.nonce(),
                p.verifier(),
                p.next(),
                NOW.minusSeconds(1).getEpochSecond());
        assertThat(refused(Optional.of(old), new OidcFlow.Callback("c", p.state(), null, null, null))
                        .getMessage())
                .contains("expired");
        assertThat(refused(Optional.of(p), new OidcFlow.Callback(null, p.state(), null, null, null))
                        .getMessage())
                .contains("no authorization code");
        assertThat(refused(Optional.of(p), new OidcFlow.Callback("c", p.state(), "http://evil", null, null))
                        .getMessage())
                .contains("another provider");
        WebError denied = refused(
                Optional.of(p), new OidcFlow.Callback(null, p.state(), null, "access_denied", "user cancelled"));
        assertThat(denied.status()).isEqualTo(401);
        assertThat(denied.getMessage()).contains("access_denied").contains("user cancelled");
    }

    @Test
    void rolesComeFromTheClaimPathAsForBearerTokens() {
        Map<String, Object> claims = new HashMap<>();
        claims.put("groups", List.of("supervisor", "ignored-group"));
        claims.put("realm_access", Map.of("roles", List.of("ops", "offline_access")));
        claims.put("scope", "artist admin");
        assertThat(OidcFlow.claimValues(claims, "groups")).containsExactly("supervisor", "ignored-group");
        assertThat(OidcFlow.claimValues(claims, "realm_access/roles")).containsExactly("ops", "offline_access");
        assertThat(OidcFlow.claimValues(claims, "groups,realm_access/roles")).contains("supervisor", "ops");
        assertThat(OidcFlow.claimValues(claims, "scope")).containsExactly("artist", "admin");
        assertThat(OidcFlow.claimValues(claims, "missing/path")).isEmpty();
    }

    @Test
    void theNameIsTheFirstNameClaimPresent() {
        Map<String, Object> claims = Map.of("preferred_username", "sue", "name", "Sue Supervisor");
        assertThat(OidcFlow.name(claims, List.of("name", "preferred_username"))).isEqualTo("Sue Supervisor");
        assertThat(OidcFlow.name(Map.of("preferred_username", "sue"), List.of("name", "preferred_username")))
                .isEqualTo("sue");
        assertThat(OidcFlow.name(Map.of(), List.of("name"))).isNull();
    }

    private static WebError refused(Optional<OidcFlow.Pending> p, OidcFlow.Callback cb) {
        return catchThrowableOfType(WebError.class, () -> OidcFlow.check(p, cb, ISSUER, NOW.plusSeconds(30)));
    }

    private static Map<String, String> query(String url) {
        Map<String, String> out = new HashMap<>();
        for (String kv : URI.create(url).getRawQuery().split("&")) {
            int eq = kv.indexOf('=');
            out.put(kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }
}
