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

}
