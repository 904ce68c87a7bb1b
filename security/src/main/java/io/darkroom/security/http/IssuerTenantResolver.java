package io.darkroom.security.http;

import io.darkroom.contracts.Json;
import io.quarkus.oidc.TenantResolver;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Picks the quarkus-oidc tenant by the token's (not yet verified) issuer: tokens of the configured OpenID provider
 * ({@code darkroom.security.oidc.issuer}) go to tenant {@value #OIDC_TENANT}, everything else to the default tenant
 * (Darkroom's own tokens, checked with {@code darkroom.security.public-key}), where a foreign issuer fails
 * verification (401).
 */
@ApplicationScoped
public class IssuerTenantResolver implements TenantResolver {
    public static final String OIDC_TENANT = "oidc";

    private final SecurityConfig config;

    public IssuerTenantResolver(SecurityConfig config) {
        this.config = config;
    }

    @Override
    public String resolve(RoutingContext ctx) {
        String oidcIssuer = config.oidc().issuer().orElse(null);
        if (oidcIssuer == null) {
            return null;
        }
        String iss = unverifiedIssuer(ctx.request().getHeader("Authorization"));
        return oidcIssuer.equals(iss) ? OIDC_TENANT : null;
    }

    /** The {@code iss} of a bearer JWT, read without checking anything (only to choose who checks it); null if none. */
    static String unverifiedIssuer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String[] parts = authorization.substring(7).trim().split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            byte[] payload = Base64.getUrlDecoder().decode(parts[1]);
            var node = Json.mapper().readTree(new String(payload, StandardCharsets.UTF_8));
            return node != null && node.hasNonNull("iss") ? node.get("iss").asText() : null;
        } catch (RuntimeException | java.io.IOException e) {
            return null;
        }
    }
}
