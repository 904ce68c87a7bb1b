package io.darkroom.process.web;

import java.util.List;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.VerificationKeyResolver;

/**
 * Verifies an ID token from the provider's token endpoint (OpenID Connect Core 3.1.3.7): signed with one of the
 * provider's keys (asymmetric algorithms only), {@code iss} the provider, {@code aud} containing this client (and
 * {@code azp} this client when there are several audiences), not expired, with a subject, and {@code nonce} the one
 * of this browser's sign-in. Any failure is a 401 page saying which check failed.
 */
public final class IdTokens {
    private static final AlgorithmConstraints ASYMMETRIC = new AlgorithmConstraints(
            AlgorithmConstraints.ConstraintType.PERMIT,
            AlgorithmIdentifiers.RSA_USING_SHA256,
            AlgorithmIdentifiers.RSA_USING_SHA384,
            AlgorithmIdentifiers.RSA_USING_SHA512,
            AlgorithmIdentifiers.RSA_PSS_USING_SHA256,
            AlgorithmIdentifiers.RSA_PSS_USING_SHA384,
            AlgorithmIdentifiers.RSA_PSS_USING_SHA512,
            AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256,
            AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384,
            AlgorithmIdentifiers.ECDSA_USING_P521_CURVE_AND_SHA512,
            AlgorithmIdentifiers.EDDSA);
    private static final int CLOCK_SKEW_SECONDS = 60;

    private IdTokens() {}

    /** The verified claims; else the 401 page naming the failed check. */
    public static JwtClaims verify(
            String idToken, VerificationKeyResolver keys, String issuer, String clientId, String nonce) {
        if (idToken == null || idToken.isBlank()) {
            throw refused("the provider's answer carries no ID token (is scope 'openid' asked for?)");
        }
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setRequireSubject()
                .setAllowedClockSkewInSeconds(CLOCK_SKEW_SECONDS)
                .setExpectedIssuer(issuer)
                .setExpectedAudience(clientId)
                .setVerificationKeyResolver(keys)
                .setJwsAlgorithmConstraints(ASYMMETRIC)
                .build();
        JwtClaims claims;
        try {
            claims = consumer.processToClaims(idToken);
        } catch (InvalidJwtException e) {
            throw refused(reason(e, issuer, clientId));
        }
        try {
            List<String> aud = claims.getAudience();
            String azp = claims.getStringClaimValue("azp");
            if (aud.size() > 1 && !clientId.equals(azp) || azp != null && !clientId.equals(azp)) {
                throw refused("the ID token was issued to another client (azp " + azp + "), not " + clientId);
            }
            String got = claims.getStringClaimValue("nonce");
            if (!Sessions.sameToken(got, nonce)) {
                throw refused("the ID token's nonce is not the one of this sign-in (a token of another sign-in "
                        + "or a replayed one)");
            }
        } catch (MalformedClaimException e) {
            throw refused("the ID token has a malformed claim: " + e.getMessage());
        }
        return claims;
    }

    private static String reason(InvalidJwtException e, String issuer, String clientId) {
        if (e.hasErrorCode(ErrorCodes.AUDIENCE_INVALID) || e.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
            return "the ID token is for another audience, not this monitor (client " + clientId + ")";
        }
        if (e.hasErrorCode(ErrorCodes.ISSUER_INVALID) || e.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
            return "the ID token was issued by someone else, not " + issuer;
        }
        if (e.hasExpired()) {
            return "the ID token has expired";
        }
        if (e.hasErrorCode(ErrorCodes.SIGNATURE_INVALID)
                || e.hasErrorCode(ErrorCodes.SIGNATURE_MISSING)
                || String.valueOf(e.getMessage()).contains("verification key")) {
            return "the ID token's signature is not one of the provider's keys";
        }
        return "the ID token is not valid ("
                + e.getErrorDetails().stream()
                        .map(d -> d.getErrorMessage())
                        .findFirst()
                        .orElse("unreadable") + ")";
    }

    private static WebError refused(String detail) {
        return new WebError(401, "Not signed in", detail);
    }
}
