package io.darkroom.process.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The signed darkroom_login cookie that binds a sign-in through the OpenID provider to the browser. */
class SessionsTest {

    static Sessions sessions(String key) {
        return new Sessions(new WebConfig() {
            @Override
            public Optional<String> sessionKey() {
                return Optional.ofNullable(key);
            }

            @Override
            public Duration sessionTtl() {
                return Duration.ofHours(12);
            }

            @Override
            public boolean secureCookies() {
                return false;
            }

            @Override
            public Optional<String> publicUrl() {
                return Optional.empty();
            }

            @Override
            public Oidc oidc() {
                throw new UnsupportedOperationException();
            }
        });
    }

    @Test
    void aPendingSignInComesBackAsSealed() {
        Sessions s = sessions("a-session-key-of-at-least-32-characters");
        OidcFlow.Pending p = OidcFlow.start("/ui/jobs", Instant.now(), Duration.ofMinutes(10));
        assertThat(s.unseal(s.seal(p), OidcFlow.Pending.class)).contains(p);
    }

    @Test
    void aChangedForeignOrMissingCookieHoldsNoPendingSignIn() {
        Sessions s = sessions("a-session-key-of-at-least-32-characters");
        OidcFlow.Pending p = OidcFlow.start("/ui/jobs", Instant.now(), Duration.ofMinutes(10));
        String sealed = s.seal(p);
        // a browser that puts its own state in the cookie: the signature no longer matches
        OidcFlow.Pending forged =
                new OidcFlow.Pending("attacker-state", p.nonce(), p.verifier(), p.next(), p.expires());
        String body = s.seal(forged).split("\\.")[0];
        assertThat(s.unseal(body + "." + sealed.split("\\.")[1], OidcFlow.Pending.class))
                .isEmpty();
        assertThat(sessions("another-key-of-at-least-32-characters!!").unseal(sealed, OidcFlow.Pending.class))
                .isEmpty();
        assertThat(s.unseal(null, OidcFlow.Pending.class)).isEmpty();
        assertThat(s.unseal("no-signature", OidcFlow.Pending.class)).isEmpty();
        // the form login's plain CSRF token in the same cookie is no pending sign-in either
        assertThat(s.unseal(Sessions.newToken(), OidcFlow.Pending.class)).isEmpty();
    }
}
