package io.darkroom.process.web;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The web monitor's settings ({@code darkroom.web.*}). */
@ConfigMapping(prefix = "darkroom.web")
public interface WebConfig {

    /**
     * The key that signs session cookies (at least 32 characters). Unset: a random key per start, so that a restart
     * signs everyone out.
     */
    Optional<String> sessionKey();

    /** How long a sign-in lasts. */
    @WithDefault("12h")
    Duration sessionTtl();

    /** Marks the cookies Secure (set it when the monitor is served over HTTPS). */
    @WithDefault("false")
    boolean secureCookies();

    /**
     * The URL the monitor is reached at, for links printed elsewhere; unset: this service's own address. Only used
     * for logs.
     */
    Optional<String> publicUrl();

    /** Browser sign-in through the site's OpenID provider (the one of {@code darkroom.security.oidc.issuer}). */
    Oidc oidc();

    /**
     * The monitor as a client of the OpenID provider (authorization-code flow with PKCE). The login page offers
     * "Sign in with ..." when both {@code darkroom.security.oidc.issuer} and {@code client-id} are set.
     */
    interface Oidc {
        /** The monitor's client id at the provider (the ID token's audience); unset = form login only. */
        Optional<String> clientId();

        /** The secret of a confidential client; unset = a public client, protected by PKCE alone. */
        Optional<String> clientSecret();

        /** The provider's name on the button: "Sign in with ...". */
        @WithDefault("OpenID provider")
        String providerName();

        /** The scopes asked for. */
        @WithDefault("openid profile email")
        String scope();

        /** How long a person may take on the provider's pages before the sign-in expires. */
        @WithDefault("10m")
        Duration signInTimeout();
    }
}
