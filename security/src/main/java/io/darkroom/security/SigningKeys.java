package io.darkroom.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The RSA key pair Darkroom signs its own tokens with (built-in users): the private key stays with process-service
 * (the one service that checks passwords), every service verifies with the public key
 * ({@code darkroom.security.public-key}). Kept in a folder as {@code token-private.pem} (mode 0600) and
 * {@code token-public.pem}.
 */
public final class SigningKeys {
    public static final String PRIVATE_FILE = "token-private.pem";
    public static final String PUBLIC_FILE = "token-public.pem";

    private SigningKeys() {}

    /** The pair in {@code dir}, made (RSA 2048) the first time. */
    public static KeyPair loadOrCreate(Path dir) {
        Path priv = dir.resolve(PRIVATE_FILE);
        Path pub = dir.resolve(PUBLIC_FILE);
        try {
            if (Files.isRegularFile(priv) && Files.isRegularFile(pub)) {
                return new KeyPair(readPublic(Files.readString(pub)), readPrivate(Files.readString(priv)));
            }
            Files.createDirectories(dir);
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            KeyPair kp = g.generateKeyPair();
            Files.writeString(pub, pem("PUBLIC KEY", kp.getPublic().getEncoded()));
            Files.deleteIfExists(priv);
            Files.createFile(priv, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(priv, pem("PRIVATE KEY", kp.getPrivate().getEncoded()));
            return kp;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the token signing keys in " + dir, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make an RSA key pair", e);
        }
    }

    /** The public key as {@code quarkus.oidc.public-key} takes it: base64 of the X.509 encoding, no PEM lines. */
    public static String publicKeyText(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    public static PrivateKey readPrivate(String pemOrBase64) {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der(pemOrBase64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an RSA private key (PKCS#8 PEM): " + e.getMessage(), e);
        }
    }

    public static PublicKey readPublic(String pemOrBase64) {
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der(pemOrBase64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an RSA public key (X.509 PEM): " + e.getMessage(), e);
        }
    }

    public static PrivateKey readPrivate(Path file) {
        try {
            return readPrivate(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the token signing key " + file, e);
        }
    }

    private static byte[] der(String text) {
        String b64 = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(b64);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
