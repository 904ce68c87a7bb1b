package io.darkroom.process.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.darkroom.contracts.Json;
import io.darkroom.security.Identity;
import io.darkroom.security.http.SecurityConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;

/**
 * The site's OpenID provider as the web monitor's sign-in uses it: its endpoints (discovered once from
 * {@code <auth-server-url>/.well-known/openid-configuration}), its signing keys (JWKS, refreshed by jose4j when an
 * unknown key id shows up), and the exchange of an authorization code for a verified ID token. The roles come from
 * the same claim path as bearer tokens of tenant {@code oidc} ({@code quarkus.oidc.oidc.roles.role-claim-path}).
 */
@ApplicationScoped
public class OidcProvider {
    private static final Logger LOG = Logger.getLogger(OidcProvider.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final WebConfig.Oidc config;
    private final SecurityConfig security;
    private final Optional<String> authServerUrl;
    private final String roleClaimPath;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private volatile Metadata metadata;

    /** The provider's endpoints; endSessionEndpoint null when it has none. */
    record Metadata(
            String authorizationEndpoint,
            String tokenEndpoint,
            String endSessionEndpoint,
            HttpsJwksVerificationKeyResolver keys) {}

    /** A person signed in through the provider, with the ID token that proved it. */
    public record SignedIn(Identity identity, String idToken) {}

    public OidcProvider(
            WebConfig web,
            SecurityConfig security,
            @ConfigProperty(name = "quarkus.oidc.oidc.auth-server-url") Optional<String> authServerUrl,
            @ConfigProperty(name = "quarkus.oidc.oidc.roles.role-claim-path", defaultValue = "groups")
                    String roleClaimPath) {
        this.config = web.oidc();
        this.security = security;
        this.authServerUrl = authServerUrl;
        this.roleClaimPath = roleClaimPath;
    }

    /** True when the login page offers "Sign in with ...": a provider issuer and a client id are configured. */
    public boolean enabled() {
        return security.oidc().issuer().isPresent() && config.clientId().isPresent();
    }

    public String name() {
        return config.providerName();
    }

    public String issuer() {
        return security.oidc().issuer().orElseThrow();
    }

    public String clientId() {
        return config.clientId().orElseThrow();
    }

    public WebConfig.Oidc config() {
        return config;
    }

    /** Where the browser goes to sign in for this pending sign-in. */
    public String authorizationUrl(String redirectUri, OidcFlow.Pending p) {
        return OidcFlow.authorizationUrl(
                metadata().authorizationEndpoint(), clientId(), redirectUri, config.scope(), p);
    }

    /**
     * Exchanges the code at the token endpoint (with the PKCE verifier; the client secret when configured) and
     * verifies the ID token; the person as Darkroom's identity, roles mapped as for bearer tokens.
     */
    public SignedIn signIn(String code, String redirectUri, OidcFlow.Pending p) {
        Metadata m = metadata();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        form.put("code_verifier", p.verifier());
        form.put("client_id", clientId());
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(m.tokenEndpoint()))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json");
        config.clientSecret()
                .ifPresent(secret -> req.header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString((form.get("client_id") + ":" + secret)
                                                .getBytes(StandardCharsets.UTF_8))));
        HttpResponse<String> res = send(req.POST(HttpRequest.BodyPublishers.ofString(OidcFlow.form(form)))
                .build());
        JsonNode body = json(res.body());
        if (res.statusCode() != 200) {
            String error = body.path("error").asText("HTTP " + res.statusCode());
            String detail = body.path("error_description").asText("");
            LOG.infof("web monitor: the OpenID provider refused the code: %s %s", error, detail);
            throw new WebError(
                    401,
                    "Not signed in",
                    "the OpenID provider refused the sign-in's code (" + error
                            + (detail.isEmpty() ? "" : ": " + detail) + "); a code is good for one sign-in only: start "
                            + "again from the sign-in page");
        }
        String idToken = body.path("id_token").asText(null);
        JwtClaims claims = IdTokens.verify(idToken, m.keys(), issuer(), clientId(), p.nonce());
        Map<String, Object> map = claims.getClaimsMap();
        return new SignedIn(
                Identity.of(
                        String.valueOf(map.get("sub")),
                        OidcFlow.name(map, security.nameClaims()),
                        issuer(),
                        OidcFlow.claimValues(map, roleClaimPath)),
                idToken);
    }

    /**
     * Where the browser goes to end its session at the provider too (RP-initiated logout with the ID token as hint,
     * back to postLogoutRedirect); empty when the provider has no end_session_endpoint or cannot be reached.
     */
    public Optional<String> logoutUrl(String idToken, String postLogoutRedirect) {
        try {
            String endpoint = metadata().endSessionEndpoint();
            if (endpoint == null) {
                return Optional.empty();
            }
            Map<String, String> q = new LinkedHashMap<>();
            q.put("id_token_hint", idToken);
            q.put("client_id", clientId());
            q.put("post_logout_redirect_uri", postLogoutRedirect);
            return Optional.of(endpoint + (endpoint.contains("?") ? "&" : "?") + OidcFlow.form(q));
        } catch (WebError e) {
            return Optional.empty();
        }
    }

    private Metadata metadata() {
        Metadata m = metadata;
        if (m == null) {
            String base = authServerUrl.orElse(issuer()).replaceAll("/+$", "");
            HttpResponse<String> res =
                    send(HttpRequest.newBuilder(URI.create(base + "/.well-known/openid-configuration"))
                            .timeout(TIMEOUT)
                            .GET()
                            .build());
            JsonNode d = json(res.body());
            if (res.statusCode() != 200
                    || !d.hasNonNull("authorization_endpoint")
                    || !d.hasNonNull("token_endpoint")
                    || !d.hasNonNull("jwks_uri")) {
                LOG.warnf("web monitor: no OpenID configuration at %s (HTTP %d)", base, res.statusCode());
                throw unavailable();
            }
            HttpsJwks jwks = new HttpsJwks(d.get("jwks_uri").asText());
            m = new Metadata(
                    d.get("authorization_endpoint").asText(),
                    d.get("token_endpoint").asText(),
                    d.path("end_session_endpoint").asText(null),
                    new HttpsJwksVerificationKeyResolver(jwks));
            metadata = m;
        }
        return m;
    }

    private HttpResponse<String> send(HttpRequest req) {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            LOG.warnf(
                    "web monitor: the OpenID provider cannot be reached (%s %s): %s",
                    req.method(), req.uri(), e.toString());
            throw unavailable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable();
        }
    }

    private static JsonNode json(String body) {
        try {
            JsonNode n = body == null || body.isBlank() ? null : Json.mapper().readTree(body);
            return n == null ? Json.mapper().createObjectNode() : n;
        } catch (IOException e) {
            return Json.mapper().createObjectNode();
        }
    }

    private static WebError unavailable() {
        return new WebError(
                502,
                "Provider unavailable",
                "the OpenID provider cannot be reached right now; sign in "
                        + "with a Darkroom user name or try again later");
    }
}
