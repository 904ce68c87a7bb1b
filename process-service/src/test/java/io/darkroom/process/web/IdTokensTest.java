package io.darkroom.process.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The ID token checks, with tokens signed here by a key of a provider and by a stranger's key. */
class IdTokensTest {
    static final String ISSUER = "http://127.0.0.1:8180/realms/darkroom";
    static final String CLIENT = "darkroom-web";
    static final String NONCE = "nonce-of-this-sign-in";
    static RsaJsonWebKey provider;
    static RsaJsonWebKey stranger;
    static JwksVerificationKeyResolver keys;

    @BeforeAll
    static void keys() throws Exception {
        provider = RsaJwkGenerator.generateJwk(2048);
        provider.setKeyId("provider-key");
        stranger = RsaJwkGenerator.generateJwk(2048);
        stranger.setKeyId("provider-key");
        keys = new JwksVerificationKeyResolver(new JsonWebKeySet(provider).getJsonWebKeys());
    }

    static JwtClaims claims() {
        JwtClaims c = new JwtClaims();
        c.setIssuer(ISSUER);
        c.setAudience(CLIENT);
        c.setSubject("5f0c7c58-2b6a-4b4e-9f57-0d8e3c1d2a10");
        c.setExpirationTimeMinutesInTheFuture(5);
        c.setIssuedAtToNow();
        c.setClaim("nonce", NONCE);
        c.setClaim("azp", CLIENT);
        c.setClaim("name", "Sue Supervisor");
        c.setStringListClaim("groups", List.of("supervisor"));
        return c;
    }

    static String sign(JwtClaims claims, RsaJsonWebKey key) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        return jws.getCompactSerialization();
    }

    @Test
    void theProvidersTokenForThisClientAndNonceIsAccepted() throws Exception {
        JwtClaims ok = IdTokens.verify(sign(claims(), provider), keys, ISSUER, CLIENT, NONCE);
        assertThat(ok.getSubject()).isEqualTo("5f0c7c58-2b6a-4b4e-9f57-0d8e3c1d2a10");
        assertThat(ok.getStringListClaimValue("groups")).containsExactly("supervisor");
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() throws Exception {
        JwtClaims c = claims();
        c.setAudience("darkroom-cli");
        c.setClaim("azp", "darkroom-cli");
        assertThat(refused(sign(c, provider), NONCE)).contains("another audience");
    }

    @Test
    void aTokenIssuedToAnotherClientAmongSeveralAudiencesIsRefused() throws Exception {
        JwtClaims c = claims();
        c.setAudience(CLIENT, "darkroom-cli");
        c.setClaim("azp", "darkroom-cli");
        assertThat(refused(sign(c, provider), NONCE)).contains("another client");
    }

    @Test
    void aTokenWithAnotherNonceOrNoneIsRefused() throws Exception {
        assertThat(refused(sign(claims(), provider), "nonce-of-another-sign-in"))
                .contains("nonce");
        JwtClaims c = claims();
        c.unsetClaim("nonce");
        assertThat(refused(sign(c, provider), NONCE)).contains("nonce");
    }

    @Test
    void aTokenSignedByAStrangerAnotherIssuerOrExpiredIsRefused() throws Exception {
        assertThat(refused(sign(claims(), stranger), NONCE)).contains("signature");
        JwtClaims other = claims();
        other.setIssuer("http://127.0.0.1:9999/realms/elsewhere");
        assertThat(refused(sign(other, provider), NONCE)).contains("issued by someone else");
        JwtClaims old = claims();
        old.setExpirationTimeMinutesInTheFuture(-10);
        assertThat(refused(sign(old, provider), NONCE)).contains("expired");
        assertThat(refused(null, NONCE)).contains("no ID token");
        assertThat(refused("not.a.token", NONCE)).contains("not valid");
    }

    @Test
    void anUnsignedTokenIsRefused() throws Exception {
        JsonWebSignature none = new JsonWebSignature();
        none.setPayload(claims().toJson());
        none.setAlgorithmConstraints(org.jose4j.jwa.AlgorithmConstraints.NO_CONSTRAINTS);
        none.setAlgorithmHeaderValue(AlgorithmIdentifiers.NONE);
        assertThat(refused(none.getCompactSerialization(), NONCE)).isNotBlank();
    }

    private static String refused(String token, String nonce) {
        WebError e = catchThrowableOfType(WebError.class, () -> IdTokens.verify(token, keys, ISSUER, CLIENT, nonce));
        assertThat(e).as("refused").isNotNull();
        assertThat(e.status()).isEqualTo(401);
        return e.getMessage();
    }
}
