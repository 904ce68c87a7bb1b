package io.darkroom.provenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteKeyTest {
    @TempDir
    Path dir;

    @Test
    void createsKeyFilesWithOwnerOnlyPermissions() throws Exception {
        Path folder = dir.resolve("keys");
        SiteKey key = SiteKey.loadOrCreate(folder);

        Path privateFile = folder.resolve(SiteKey.PRIVATE_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateFile)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)))
                .isEqualTo("rwx------");
        assertThat(Files.readString(privateFile))
                .startsWith("-----BEGIN PRIVATE KEY-----\n")
                .endsWith("-----END PRIVATE KEY-----\n");
        assertThat(Files.readString(folder.resolve(SiteKey.PUBLIC_FILE))).startsWith("-----BEGIN PUBLIC KEY-----\n");
        assertThat(key.toString()).contains(key.keyId()).doesNotContain("PRIVATE");
    }

    @Test
    void loadsTheSameKeyOnTheNextStart() {
        SiteKey first = SiteKey.loadOrCreate(dir);
        SiteKey second = SiteKey.loadOrCreate(dir);
        assertThat(second.keyId()).isEqualTo(first.keyId());
        byte[] data = "frame".getBytes(StandardCharsets.UTF_8);
        assertThat(SiteKey.verify(first.publicKey(), data, second.sign(data))).isTrue();
    }

    @Test
    void loadsFromAReadOnlyFolder() throws Exception {
        SiteKey created = SiteKey.loadOrCreate(dir.resolve("ro"));
        Files.delete(dir.resolve("ro/.site-key.lock"));
        Files.setPosixFilePermissions(dir.resolve("ro"), PosixFilePermissions.fromString("r-x------"));
        try {
            assertThat(SiteKey.loadOrCreate(dir.resolve("ro")).keyId()).isEqualTo(created.keyId());
            assertThat(dir.resolve("ro/.site-key.lock")).doesNotExist();
        } finally {
            Files.setPosixFilePermissions(dir.resolve("ro"), PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void keyIdIsSixteenHexOfTheSha256OfThePublicKeyDer() throws Exception {
        SiteKey key = SiteKey.loadOrCreate(dir);
        String pem = Files.readString(dir.resolve(SiteKey.PUBLIC_FILE));
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        assertThat(der).hasSize(44); // 12-byte Ed25519 SubjectPublicKeyInfo prefix + 32-byte key
        assertThat(key.keyId()).hasSize(16).isEqualTo(Sha256.of(der).substring(0, 16));
        assertThat(SiteKey.keyId(SiteKey.readPublicKey(dir))).isEqualTo(key.keyId());
    }

    @Test
    void refusesAPrivateKeyOthersCanRead() throws Exception {
        SiteKey.loadOrCreate(dir);
        Path privateFile = dir.resolve(SiteKey.PRIVATE_FILE);
        Files.setPosixFilePermissions(privateFile, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> SiteKey.load(dir))
                .isInstanceOf(ProvenanceException.class)
                .hasMessageContaining("rw-r--r--")
                .hasMessageContaining("chmod 600");
    }

    @Test
    void refusesAHalfKeyAndAMismatchedPair() throws Exception {
        Path other = dir.resolve("other");
        SiteKey.loadOrCreate(other);
        Path mine = dir.resolve("mine");
        SiteKey.loadOrCreate(mine);

        Files.copy(
                other.resolve(SiteKey.PUBLIC_FILE),
                mine.resolve(SiteKey.PUBLIC_FILE),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> SiteKey.loadOrCreate(mine))
                .isInstanceOf(ProvenanceException.class)
                .hasMessageContaining("do not belong together");

        Files.delete(mine.resolve(SiteKey.PUBLIC_FILE));
        assertThatThrownBy(() -> SiteKey.loadOrCreate(mine))
                .isInstanceOf(ProvenanceException.class)
                .hasMessageContaining("lacks " + SiteKey.PUBLIC_FILE);
        assertThat(mine.resolve(SiteKey.PRIVATE_FILE)).exists(); // never overwritten by a new key
    }

    @Test
    void aKeyTheSystemProvisionedMayBeGroupReadableNeverWorldReadable() {
        // a Kubernetes Secret mounted with fsGroup: owner root, group the pod's, mode 0440, read by uid 1001
        assertThat(SiteKey.privateEnough(PosixFilePermissions.fromString("r--r-----"), "root", "darkroom"))
                .isTrue();
        assertThat(SiteKey.privateEnough(PosixFilePermissions.fromString("rw-------"), "darkroom", "darkroom"))
                .isTrue();
        assertThat(SiteKey.privateEnough(PosixFilePermissions.fromString("r--r-----"), "darkroom", "darkroom"))
                .as("the process's own file: owner only")
                .isFalse();
        assertThat(SiteKey.privateEnough(PosixFilePermissions.fromString("r--r-----"), "root", "root"))
                .as("root's own file: owner only")
                .isFalse();
        assertThat(SiteKey.privateEnough(PosixFilePermissions.fromString("r--r--r--"), "root", "darkroom"))
                .as("world-readable")
                .isFalse();
        assertThat(SiteKey.privateEnough(PosixFilePermissions.fromString("r--rw----"), "root", "darkroom"))
                .as("group-writable")
                .isFalse();
    }
}
