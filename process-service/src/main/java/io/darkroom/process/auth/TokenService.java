package io.darkroom.process.auth;

import io.darkroom.security.SigningKeys;
import io.darkroom.security.TokenSigner;
import io.darkroom.security.http.SecurityConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;

/**
 * Signs the tokens of built-in users with {@code darkroom.security.private-key-file}. Without that setting this
 * process-service signs nothing ({@code POST /auth/token} answers 503): an OIDC-only site.
 */
@ApplicationScoped
public class TokenService {
    private final SecurityConfig config;
    private final TokenSigner signer;

    public TokenService(SecurityConfig config) {
        this.config = config;
        this.signer = config.privateKeyFile()
                .filter(f -> !f.isBlank())
                .map(f -> new TokenSigner(SigningKeys.readPrivate(Path.of(f)), config.issuer()))
                .orElse(null);
    }

    public String issuer() {
        return config.issuer();
    }

    public boolean enabled() {
        return signer != null;
    }

    public TokenSigner.Issued issue(UserRow user) {
        if (signer == null) {
            throw new IllegalStateException("no darkroom.security.private-key-file: built-in users are off");
        }
        return signer.sign(user.username(), user.displayName(), user.roles(), config.tokenTtl());
    }
}
