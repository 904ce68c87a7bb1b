package io.darkroom.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sha256Test {
    @TempDir
    Path dir;

    @Test
    void knownVectors() throws Exception {
        assertThat(Sha256.of("abc".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Sha256.of(Files.createFile(dir.resolve("empty"))))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void streamsFilesLargerThanItsBuffer() throws Exception {
        Path file = TestManifests.randomFile(dir, "big.bin", 3 * (1 << 20) + 17, 7);
        String expected =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        assertThat(Sha256.of(file)).isEqualTo(expected);
    }

    @Test
    void hexFormIsStrict() {
        assertThat(Sha256.isHex(Sha256.of(new byte[0]))).isTrue();
        assertThat(Sha256.isHex(Sha256.of(new byte[0]).toUpperCase())).isFalse();
        assertThat(Sha256.isHex("abc")).isFalse();
    }
}
