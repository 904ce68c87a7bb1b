package io.darkroom.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.MediaInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The worker's {@code darkroom.worker.render-threads} reaches the encoder: x264 writes the settings it ran with into
 * the stream ("... threads=N lookahead_threads=..."), so the rendered segment itself says how many threads encoded it.
 */
class RenderThreadsTest {
    @TempDir
    Path temp;

    @ParameterizedTest
    @ValueSource(strings = {"1", "2"})
    void encoderRunsWithTheGivenThreads(String threads) throws Exception {
        renderFirstSegment(threads, 320, 180);

        assertThat(x264Settings()).contains(" threads=" + threads + " ");
    }

    /**
     * Left to FFmpeg, x264 picks 2 or 3 threads even for a 160x90 picture; a thumbnail-sized output is encoded on one
     * (VideoEncoders.SMALL_PICTURE_PIXELS), a bigger one still gets FFmpeg's choice.
     */
    @ParameterizedTest
    @CsvSource({"160, 90, true", "640, 360, false"})
    void smallPicturesAreEncodedOnOneThreadWhenFfmpegChooses(int width, int height, boolean one) throws Exception {
        renderFirstSegment("0", width, height);

        if (one) {
            assertThat(x264Settings()).contains(" threads=1 ");
        } else if (Runtime.getRuntime().availableProcessors() > 1) {
            // x264's own choice, 1.5 threads per core
            assertThat(x264Settings()).doesNotContain(" threads=1 ").containsPattern(" threads=\\d+ ");
        }
        assertThat(VideoEncoders.threadsFor("2", width, height)).isEqualTo("2");
    }

    /** Renders the GoPro clip's first 10 frames to one h264-review output of this size, with these threads. */
    private void renderFirstSegment(String threads, int width, int height) throws Exception {
        RenderFixtures fx = new RenderFixtures(temp);
        MediaInfo info = RenderFixtures.probe(RenderFixtures.GOPRO);
        var task = RenderFixtures.video(
                RenderFixtures.GOPRO,
                info,
                0,
                -16683,
                317_000,
                10,
                "threads" + threads + "-" + width,
                List.of(RenderFixtures.output("review", "h264-review", width, height)));
        new JavacvTaskRenderer(fx.roots, threads).render(task, RenderFixtures.context());
    }

    private String x264Settings() throws Exception {
        Path segment;
        try (var files = Files.walk(temp)) {
            segment =
                    files.filter(f -> f.toString().endsWith(".mp4")).findFirst().orElseThrow();
        }
        return new String(Files.readAllBytes(segment), StandardCharsets.ISO_8859_1);
    }
}
