package io.darkroom.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenSignerTest {
    @TempDir
    Path dir;

    @Test
    void tokensCarryWhoTheRolesAndExpiryAndVerifyOnlyWithTheSitesPublicKey() throws Exception {
        KeyPair keys = SigningKeys.loadOrCreate(dir);
        assertThat(Files.getPosixFilePermissions(dir.resolve(SigningKeys.PRIVATE_FILE)))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        // a second load reads the same pair
        assertThat(SigningKeys.loadOrCreate(dir).getPublic()).isEqualTo(keys.getPublic());
        assertThat(SigningKeys.readPublic(SigningKeys.publicKeyText(keys.getPublic())))
                .isEqualTo(keys.getPublic());

        Instant now = Instant.parse("2026-01-02T03:04:05Z");
        TokenSigner.Issued t = new TokenSigner(keys.getPrivate(), "darkroom", Clock.fixed(now, ZoneOffset.UTC))
                .sign("ana", "Ana Artist", List.of(Role.ARTIST, Role.SUPERVISOR), Duration.ofHours(8));
        assertThat(t.expiresAt()).isEqualTo(now.plus(Duration.ofHours(8)));

        JwtClaims c = new JwtConsumerBuilder()
                .setVerificationKey(keys.getPublic())
                .setExpectedIssuer("darkroom")
                .setEvaluationTime(org.jose4j.jwt.NumericDate.fromSeconds(now.getEpochSecond() + 60))
                .build()
                .processToClaims(t.token());
        assertThat(c.getSubject()).isEqualTo("ana");
        assertThat(c.getStringClaimValue("name")).isEqualTo("Ana Artist");
        assertThat(c.getStringListClaimValue("groups")).containsExactly("artist", "supervisor");

        KeyPair other = SigningKeys.loadOrCreate(dir.resolve("other"));
        assertThatThrownBy(() -> new JwtConsumerBuilder()
                        .setVerificationKey(other.getPublic())
                        .setEvaluationTime(org.jose4j.jwt.NumericDate.fromSeconds(now.getEpochSecond() + 60))
                        .build()
                        .processToClaims(t.token()))
                .isInstanceOf(InvalidJwtException.class);
        // expired after 8 h
        assertThatThrownBy(() -> new JwtConsumerBuilder()
                        .setVerificationKey(keys.getPublic())
                        .setEvaluationTime(org.jose4j.jwt.NumericDate.fromSeconds(now.getEpochSecond() + 9 * 3600))
                        .build()
                        .processToClaims(t.token()))
                .isInstanceOf(InvalidJwtException.class);
    }
}
