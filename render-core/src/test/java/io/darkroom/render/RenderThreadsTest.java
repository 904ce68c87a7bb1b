package io.darkroom.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.MediaInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
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
        RenderFixtures fx = new RenderFixtures(temp);
        MediaInfo info = RenderFixtures.probe(RenderFixtures.GOPRO);
        var task = RenderFixtures.video(
                RenderFixtures.GOPRO,
                info,
                0,
                -16683,
                317_000,
                10,
                "threads" + threads,
                List.of(RenderFixtures.output("review", "h264-review", 320, 180)));

        new JavacvTaskRenderer(fx.roots, threads).render(task, RenderFixtures.context());

        Path segment;
        try (var files = Files.walk(temp)) {
            segment =
                    files.filter(f -> f.toString().endsWith(".mp4")).findFirst().orElseThrow();
        }
        String bytes = new String(Files.readAllBytes(segment), StandardCharsets.ISO_8859_1);
        assertThat(bytes).contains(" threads=" + threads + " ");
    }
}
