package io.darkroom.media.qc;

import static io.darkroom.media.TestMedia.ffmpeg;
import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.media.TestMedia;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputVerifierTest {
    @TempDir
    static Path dir;

    static Path clip;

    @BeforeAll
    static void makeClip() {
        clip = dir.resolve("clip.mp4");
        ffmpeg(
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=320x240:rate=25",
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:sample_rate=48000",
                "-frames:v",
                "50",
                "-t",
                "2",
                "-c:v",
                "libx264",
                "-preset",
                "veryfast",
                "-pix_fmt",
                "yuv420p",
                "-c:a",
                "aac",
                clip.toString());
    }

    @Test
    void passesWhenEverythingMatches() {
        QcReport r = OutputVerifier.verify(clip, new QcExpectation(50, 2_000_000, 25, 1, "h264", 320, 240, true));

        assertThat(r.problems()).isEmpty();
        assertThat(r.passed()).isTrue();
        assertThat(r.frames()).isEqualTo(50);
        assertThat(r.codec()).isEqualTo("h264");
        assertThat(r.width()).isEqualTo(320);
        assertThat(r.audioStreams()).isEqualTo(1);
    }

    @Test
    void namesExpectedAndMeasuredForEveryMismatch() {
        QcReport r = OutputVerifier.verify(clip, new QcExpectation(51, 2_100_000, 25, 1, "ffv1", 640, 480, false));

        assertThat(r.passed()).isFalse();
        assertThat(r.problems())
                .containsExactly(
                        "frame count 50, expected 51",
                        "duration 2000000 us, expected 2100000 us (+/- 40000 us)",
                        "codec h264, expected ffv1",
                        "size 320x240, expected 640x480",
                        "audio streams 1, expected 0");
    }

    @Test
    void durationWithinOneFramePasses() {
        assertThat(OutputVerifier.verify(clip, new QcExpectation(50, 2_040_000, 25, 1, "h264", 320, 240, true))
                        .passed())
                .isTrue();
        assertThat(OutputVerifier.verify(clip, new QcExpectation(50, 2_040_001, 25, 1, "h264", 320, 240, true))
                        .problems())
                .singleElement()
                .asString()
                .startsWith("duration 2000000 us");
    }

    @Test
    void missingAudioIsReported() {
        Path vp9 = TestMedia.sample("webm/vp9_profile2_10bit_roadtrip.webm");
        QcReport r = OutputVerifier.verify(vp9, new QcExpectation(0, 0, 24000, 1001, "vp9", 426, 240, true));

        assertThat(r.problems()).contains("audio streams 0, expected at least 1");
        assertThat(r.audioStreams()).isZero();
    }

    @Test
    void unreadableOutputFailsWithAProblemInsteadOfThrowing() throws IOException {
        Path junk = Files.writeString(dir.resolve("junk.mp4"), "junk");

        QcReport r = OutputVerifier.verify(junk, new QcExpectation(1, 40_000, 25, 1, "h264", 2, 2, false));

        assertThat(r.passed()).isFalse();
        assertThat(r.problems()).singleElement().asString().contains("junk.mp4");
    }
}
