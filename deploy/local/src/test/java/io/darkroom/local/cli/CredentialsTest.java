package io.darkroom.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The expiry ./darkroom login --token keeps: the JWT's exp, read without trusting anything else in it. */
class CredentialsTest {
    private static String jwt(String claims) {
        Base64.Encoder b = Base64.getUrlEncoder().withoutPadding();
        return b.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }

    @Test
    void theExpiryIsTheTokensExpClaim() {
        assertThat(Credentials.expiry(jwt("{\"sub\":\"kai\",\"exp\":1796300000}")))
                .isEqualTo(Instant.ofEpochSecond(1796300000L));
    }

    @Test
    void aTokenWithoutExpOrNotAJwtHasNoExpiry() {
        assertThat(Credentials.expiry(jwt("{\"sub\":\"kai\"}"))).isNull();
        assertThat(Credentials.expiry("opaque-token")).isNull();
        assertThat(Credentials.expiry("a.%%%.c")).isNull();
    }
}
