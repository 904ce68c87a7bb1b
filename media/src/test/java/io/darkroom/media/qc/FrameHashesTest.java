package io.darkroom.media.qc;

import static io.darkroom.media.TestMedia.ffmpeg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.darkroom.media.TestMedia;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameHashesTest {
    @TempDir
    Path dir;

    @Test
    void oneHashPerFrameEqualForLosslessCopiesDifferentForOtherContent() {
        Path a = dir.resolve("a.mkv");
        Path b = dir.resolve("b.mkv");
        Path c = dir.resolve("c.mkv");
        ffmpeg("-f", "lavfi", "-i", "testsrc2=size=160x120:rate=25", "-frames:v", "12", "-c:v", "ffv1", a.toString());
        ffmpeg("-i", a.toString(), "-c:v", "ffv1", "-level", "3", b.toString());
        ffmpeg("-f", "lavfi", "-i", "testsrc=size=160x120:rate=25", "-frames:v", "12", "-c:v", "ffv1", c.toString());

        List<String> hashes = FrameHashes.of(a);

        assertThat(hashes).hasSize(12).allMatch(h -> h.matches("[0-9a-f]{32}"));
        assertThat(hashes).doesNotHaveDuplicates(); // testsrc2 moves every frame
        assertThat(FrameHashes.of(b)).isEqualTo(hashes);
        assertThat(FrameHashes.of(c)).isNotEqualTo(hashes).hasSize(12);
    }

    @Test
    void hashesRealProResClip() {
        assertThat(FrameHashes.of(TestMedia.sample("generated/prores_proxy_64x64_24fps_100f.mov")))
                .hasSize(100);
    }

    @Test
    void failsWithStderrForNonMedia() {
        assertThatThrownBy(() -> FrameHashes.of(dir.resolve("missing.mkv")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("missing.mkv");
    }
}
