package io.darkroom.security.http;

import io.darkroom.security.Identity;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The caller of the current request as Darkroom's {@link Identity}; empty for an anonymous request. */
@RequestScoped
public class CurrentIdentity {
    private final SecurityIdentity security;
    private final SecurityConfig config;

    public CurrentIdentity(SecurityIdentity security, SecurityConfig config) {
        this.security = security;
        this.config = config;
    }

    public Optional<Identity> get() {
        if (security == null || security.isAnonymous()) {
            return Optional.empty();
        }
        return Optional.of(of(security, config));
    }

    /** The caller; for endpoints that {@link Requires} a permission (the filter already refused anonymous calls). */
    public Identity require() {
        return get().orElseThrow(() -> new IllegalStateException("no authenticated caller on this request"));
    }

    static Identity of(SecurityIdentity security, SecurityConfig config) {
        String subject = security.getPrincipal().getName();
        String issuer = config.issuer();
        String name = null;
        if (security.getPrincipal() instanceof JsonWebToken jwt) {
            subject = jwt.getSubject() != null ? jwt.getSubject() : subject;
            issuer = jwt.getIssuer() != null ? jwt.getIssuer() : issuer;
            for (String claim : config.nameClaims()) {
                Object v = jwt.getClaim(claim);
                if (v != null && !v.toString().isBlank()) {
                    name = v.toString();
                    break;
                }
            }
        }
        return Identity.of(subject, name, issuer, security.getRoles());
    }
}
