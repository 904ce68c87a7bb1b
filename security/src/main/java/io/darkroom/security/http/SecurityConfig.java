package io.darkroom.security.http;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code darkroom.security.*}: the same keys in every service. */
@ConfigMapping(prefix = "darkroom.security")
public interface SecurityConfig {

    /** The {@code iss} of Darkroom's own tokens (built-in users). */
    @WithDefault("darkroom")
    String issuer();

    /**
     * The public key Darkroom's own tokens are verified with (base64 X.509 or PEM); required. {@code ./darkroom up}
     * and the test resource make a key pair and set it.
     */
    Optional<String> publicKey();

    /** The private key file (PKCS#8 PEM) process-service signs tokens with; unused by the other services. */
    Optional<String> privateKeyFile();

    /** How long a token from {@code POST /auth/token} is valid. */
    @WithDefault("8h")
    Duration tokenTtl();

    /** Claims tried in order for a person's display name; the subject when none is set. */
    @WithDefault("name,preferred_username")
    List<String> nameClaims();

    Oidc oidc();

    /**
     * An external OpenID provider (tenant {@code oidc} of quarkus-oidc, configured under
     * {@code quarkus.oidc.oidc.*}): tokens whose {@code iss} is this issuer are verified by that tenant.
     */
    interface Oidc {
        /** The provider's issuer (the {@code iss} its tokens carry); unset = no external provider. */
        Optional<String> issuer();
    }
}
