package io.darkroom.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/**
 * Signs a command record's exact bytes with the site's token key (RSA, SHA-256), so a reader that trusts
 * {@code darkroom.security.public-key} knows the command came from the service that holds the private key
 * (process-service) and was not altered: the control topic is writable by anyone who reaches the broker, the
 * signature is what a worker trusts. The signature travels in the record header {@value #HEADER}, base64.
 */
public final class CommandSignature {
    /** The Kafka record header carrying the signature. */
    public static final String HEADER = "darkroom-signature";

    private static final String ALGORITHM = "SHA256withRSA";

    private CommandSignature() {}

    /** The base64 signature of {@code value} (UTF-8). */
    public static String sign(PrivateKey key, String value) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(key);
            s.update(value.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a command with the site key: " + e.getMessage(), e);
        }
    }

    /** Whether {@code signature} (base64) is the site key's signature of {@code value}; false for anything else. */
    public static boolean verify(PublicKey key, String value, String signature) {
        if (key == null || value == null || signature == null || signature.isBlank()) {
            return false;
        }
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(key);
            s.update(value.getBytes(StandardCharsets.UTF_8));
            return s.verify(Base64.getDecoder().decode(signature.strip()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
