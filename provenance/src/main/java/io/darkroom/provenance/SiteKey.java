package io.darkroom.provenance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The site's Ed25519 signing key (Java's own provider, no extra library), kept in a folder as
 * {@value #PRIVATE_FILE} (PKCS#8 PEM, mode 0600) and {@value #PUBLIC_FILE} (X.509 SubjectPublicKeyInfo PEM).
 * The key id is the first 16 hex digits of the SHA-256 of the public key's DER bytes (the PEM body).
 */
public final class SiteKey {
    public static final String ALGORITHM = "Ed25519";
    public static final String PRIVATE_FILE = "site-ed25519.key";
    public static final String PUBLIC_FILE = "site-ed25519.pub";
    private static final String LOCK_FILE = ".site-key.lock";
    private static final Logger LOG = Logger.getLogger(SiteKey.class);
    private static final Set<PosixFilePermission> OWNER_RW = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> ROOT_PROVISIONED = PosixFilePermissions.fromString("rw-r-----");
    private static final byte[] PROBE = "darkroom site key pair check".getBytes(StandardCharsets.UTF_8);

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String keyId;

    private SiteKey(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.keyId = keyId(publicKey);
        if (!verify(publicKey, PROBE, sign(privateKey, PROBE))) {
            throw new ProvenanceException(
                    "the private and public key of site key " + keyId + " do not belong together");
        }
    }

    /**
     * Loads the key in {@code folder}, or makes one there when the folder holds neither file. Safe when several
     * processes start at once: creation holds a file lock, and files appear complete (written aside, then renamed).
     */
    public static SiteKey loadOrCreate(Path folder) {
        if (Files.exists(folder.resolve(PRIVATE_FILE)) && Files.exists(folder.resolve(PUBLIC_FILE))) {
            return load(folder); // no lock file needed: works on a read-only mount (e.g. a Kubernetes secret)
        }
        synchronized (SiteKey.class) { // a FileLock guards against other processes only
            try {
                createPrivateFolder(folder);
                try (FileChannel channel = FileChannel.open(
                                folder.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                        FileLock ignored = channel.lock()) {
                    boolean hasPrivate = Files.exists(folder.resolve(PRIVATE_FILE));
                    boolean hasPublic = Files.exists(folder.resolve(PUBLIC_FILE));
                    if (!hasPrivate && !hasPublic) {
                        return create(folder);
                    }
                    return load(folder);
                }
            } catch (IOException e) {
                throw new ProvenanceException("cannot create or load the site key in " + folder + ": " + e, e);
            }
        }
    }

    /** Loads an existing key; refuses a private key that group or others may read or write (as ssh does). */
    public static SiteKey load(Path folder) {
        Path privateFile = folder.resolve(PRIVATE_FILE);
        Path publicFile = folder.resolve(PUBLIC_FILE);
        for (Path file : new Path[] {privateFile, publicFile}) {
            if (!Files.isRegularFile(file)) {
                throw new ProvenanceException("site key folder " + folder + " lacks " + file.getFileName()
                        + " (a key needs both " + PRIVATE_FILE + " and " + PUBLIC_FILE + ")");
            }
        }
        checkPrivate(privateFile);
        try {
            PrivateKey privateKey = KeyFactory.getInstance(ALGORITHM)
                    .generatePrivate(new PKCS8EncodedKeySpec(Pem.read(privateFile, "PRIVATE KEY")));
            return new SiteKey(privateKey, readPublicKey(publicFile));
        } catch (GeneralSecurityException e) {
            throw new ProvenanceException(privateFile + " is not an Ed25519 PKCS#8 private key: " + e.getMessage(), e);
        }
    }

    /** Reads a public key from a PEM file, or from {@value #PUBLIC_FILE} when given a key folder. */
    public static PublicKey readPublicKey(Path pemOrFolder) {
        Path file = Files.isDirectory(pemOrFolder) ? pemOrFolder.resolve(PUBLIC_FILE) : pemOrFolder;
        try {
            return publicKey(Pem.read(file, "PUBLIC KEY"));
        } catch (GeneralSecurityException e) {
            throw new ProvenanceException(file + " is not an Ed25519 X.509 public key: " + e.getMessage(), e);
        }
    }

    /** An Ed25519 public key from its X.509 SubjectPublicKeyInfo DER bytes. */
    public static PublicKey publicKey(byte[] x509Der) throws GeneralSecurityException {
        return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(x509Der));
    }

    /** First 16 hex digits of SHA-256 over the key's X.509 DER encoding. */
    public static String keyId(PublicKey key) {
        return Sha256.of(key.getEncoded()).substring(0, 16);
    }

    public static boolean verify(PublicKey key, byte[] data, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update(data);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false; // a malformed signature or a key of another kind is simply not a valid signature
        }
    }

    public byte[] sign(byte[] data) {
        return sign(privateKey, data);
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public String keyId() {
        return keyId;
    }

    @Override
    public String toString() {
        return "SiteKey[" + ALGORITHM + " " + keyId + "]"; // never the private key
    }

    private static byte[] sign(PrivateKey key, byte[] data) {
        try {
            Signature signer = Signature.getInstance(ALGORITHM);
            signer.initSign(key);
            signer.update(data);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new ProvenanceException("cannot sign with the site key: " + e.getMessage(), e);
        }
    }

    private static SiteKey create(Path folder) throws IOException {
        KeyPair pair;
        try {
            pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new ProvenanceException("this JVM cannot make Ed25519 keys: " + e.getMessage(), e);
        }
        writeAtomically(
                folder.resolve(PRIVATE_FILE),
                Pem.encode("PRIVATE KEY", pair.getPrivate().getEncoded()),
                true);
        writeAtomically(
                folder.resolve(PUBLIC_FILE),
                Pem.encode("PUBLIC KEY", pair.getPublic().getEncoded()),
                false);
        SiteKey key = new SiteKey(pair.getPrivate(), pair.getPublic());
        LOG.infof("created site key %s in %s", key.keyId(), folder);
        return key;
    }

    /** The private file is created 0600 from the start (never briefly readable), then renamed into place. */
    private static void writeAtomically(Path target, String content, boolean secret) throws IOException {
        Path part = target.resolveSibling(target.getFileName() + ".part");
        Files.deleteIfExists(part);
        if (secret && posix()) {
            Files.createFile(part, PosixFilePermissions.asFileAttribute(OWNER_RW));
        }
        Files.writeString(part, content, StandardCharsets.US_ASCII);
        try {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void createPrivateFolder(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            return;
        }
        FileAttribute<?>[] attributes = posix()
                ? new FileAttribute<?>[] {
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))
                }
                : new FileAttribute<?>[0];
        Files.createDirectories(folder, attributes);
    }

    private static void checkPrivate(Path privateFile) {
        if (!posix()) {
            return;
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(privateFile);
            String owner = Files.getOwner(privateFile).getName();
            if (!privateEnough(permissions, owner, System.getProperty("user.name"))) {
                throw new ProvenanceException("site private key " + privateFile + " is accessible to group or others ("
                        + PosixFilePermissions.toString(permissions) + ", owner " + owner + "); run: chmod 600 "
                        + privateFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read permissions of " + privateFile, e);
        }
    }

    /**
     * Whether a private key file is private enough: read/write for its owner only (as ssh asks), or, for a file
     * the system provisioned for this process (owned by root while the process is not root, as a Kubernetes Secret
     * mounted with fsGroup is), also readable by the group (as PostgreSQL allows for root-owned keys). Never by
     * others, never writable by the group.
     */
    static boolean privateEnough(Set<PosixFilePermission> permissions, String owner, String processUser) {
        if (OWNER_RW.containsAll(permissions)) {
            return true;
        }
        return "root".equals(owner) && !"root".equals(processUser) && ROOT_PROVISIONED.containsAll(permissions);
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /** PEM (RFC 7468) armour: base64 lines of 64 characters between BEGIN and END lines. */
    static final class Pem {
        private Pem() {}

        static String encode(String label, byte[] der) {
            return "-----BEGIN " + label + "-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                    + "\n-----END " + label + "-----\n";
        }

        static byte[] read(Path file, String label) {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
            String begin = "-----BEGIN " + label + "-----";
            String end = "-----END " + label + "-----";
            int from = text.indexOf(begin);
            int to = text.indexOf(end);
            if (from < 0 || to < from) {
                throw new ProvenanceException(file + " is not a PEM file with a " + label + " block");
            }
            try {
                return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
            } catch (IllegalArgumentException e) {
                throw new ProvenanceException(file + " holds a " + label + " block that is not valid base64", e);
            }
        }
    }
}
