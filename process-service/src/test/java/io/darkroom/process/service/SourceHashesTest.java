package io.darkroom.process.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.darkroom.provenance.Sha256;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceHashesTest {
    @TempDir
    Path dir;

    private final List<Path> reads = new CopyOnWriteArrayList<>();

    private SourceHashes hashes() {
        return new SourceHashes(f -> {
            reads.add(f);
            return Sha256.of(f);
        });
    }

    @Test
    void aSourceReadAheadIsNotReadAgainForItsOutputs() throws Exception {
        Path source = Files.writeString(dir.resolve("A001C003.mov"), "camera original");
        SourceHashes hashes = hashes();

        hashes.ahead(source);
        hashes.ahead(source); // a second job of the same file: nothing more queued

        assertThat(hashes.sha256(source)).isEqualTo(Sha256.of(source));
        assertThat(hashes.sha256(source)).isEqualTo(Sha256.of(source));
        assertThat(reads).hasSize(1);
    }

    @Test
    void aFileChangedSinceIsReadAgain() throws Exception {
        Path source = Files.writeString(dir.resolve("A001C004.mov"), "first take");
        SourceHashes hashes = hashes();
        String first = hashes.sha256(source);

        Files.writeString(source, "second take, longer");
        Files.setLastModifiedTime(source, FileTime.from(Instant.now().plus(Duration.ofSeconds(5))));

        assertThat(hashes.sha256(source)).isEqualTo(Sha256.of(source)).isNotEqualTo(first);
        assertThat(reads).hasSize(2);
    }

    @Test
    void anOutputDoesNotWaitBehindAnotherJobsQueuedRead() throws Exception {
        Path big = Files.writeString(dir.resolve("big.mxf"), "a long read");
        Path small = Files.writeString(dir.resolve("small.mov"), "a short one");
        CountDownLatch bigStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        SourceHashes hashes = new SourceHashes(f -> {
            reads.add(f);
            if (f.equals(big)) {
                bigStarted.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Sha256.of(f);
        });
        hashes.ahead(big);
        assertThat(bigStarted.await(10, TimeUnit.SECONDS)).isTrue();
        hashes.ahead(small); // queued behind the big one

        // the small source's output reads it at once instead of waiting for the queue
        assertThat(hashes.sha256(small)).isEqualTo(Sha256.of(small));
        release.countDown();
        assertThat(hashes.sha256(big)).isEqualTo(Sha256.of(big));
        assertThat(reads).containsOnlyOnce(small);
    }

    @Test
    void aMissingFileIsAnErrorNamingIt() {
        SourceHashes hashes = hashes();
        Path gone = dir.resolve("gone.mov");
        hashes.ahead(gone); // never throws
        assertThatThrownBy(() -> hashes.sha256(gone))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("gone.mov");
    }
}
