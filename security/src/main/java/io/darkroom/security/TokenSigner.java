package io.darkroom.security;

import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * Signs Darkroom's own access tokens (RS256 JWT): {@code iss} = the site's issuer, {@code sub}, {@code name},
 * {@code preferred_username}, {@code groups} = role ids, {@code iat}, {@code exp}, {@code jti}. Every service
 * verifies them with the public key (quarkus-oidc, default tenant).
 */
public final class TokenSigner {
    /** The claim Darkroom tokens carry their roles in. */
    public static final String ROLES_CLAIM = "groups";

    private final PrivateKey key;
    private final String issuer;
    private final Clock clock;

    public TokenSigner(PrivateKey key, String issuer, Clock clock) {
        this.key = key;
        this.issuer = issuer;
        this.clock = clock;
    }

    public TokenSigner(PrivateKey key, String issuer) {
        this(key, issuer, Clock.systemUTC());
    }

    /** A signed token and when it stops being accepted. */
    public record Issued(String token, Instant expiresAt) {}

    /** A token for {@code subject} (issuer = this signer's) with {@code roles}, valid for {@code ttl}. */
    public Issued sign(String subject, String name, List<Role> roles, Duration ttl) {
        Instant now = clock.instant();
        Instant exp = now.plus(ttl);
        JwtClaims c = new JwtClaims();
        c.setIssuer(issuer);
        c.setSubject(subject);
        c.setClaim("name", name);
        c.setClaim("preferred_username", subject);
        c.setStringListClaim(ROLES_CLAIM, roles.stream().map(Role::id).toList());
        c.setIssuedAt(NumericDate.fromSeconds(now.getEpochSecond()));
        c.setExpirationTime(NumericDate.fromSeconds(exp.getEpochSecond()));
        c.setJwtId(UUID.randomUUID().toString());
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(c.toJson());
        jws.setKey(key);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setHeader("typ", "JWT");
        try {
            return new Issued(jws.getCompactSerialization(), Instant.ofEpochSecond(exp.getEpochSecond()));
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign a token: " + e.getMessage(), e);
        }
    }
}
