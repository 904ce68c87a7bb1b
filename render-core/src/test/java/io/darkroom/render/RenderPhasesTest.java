package io.darkroom.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.MediaInfo;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A written segment reports how long each step of its render took, every step once, within the render's own time. */
class RenderPhasesTest {
    @TempDir
    java.nio.file.Path temp;

    @Test
    void everyPhaseOfAWrittenSegmentIsTimedOnce() throws Exception {
        RenderFixtures fx = new RenderFixtures(temp);
        MediaInfo info = RenderFixtures.probe(RenderFixtures.GOPRO);
        var task = RenderFixtures.video(
                RenderFixtures.GOPRO,
                info,
                1,
                317_000,
                651_000,
                10,
                "phases",
                List.of(
                        RenderFixtures.output("review", "h264-review", 320, 180),
                        RenderFixtures.output("thumb", "h264-review", 160, 90)));
        Map<RenderPhase, Long> seen = new EnumMap<>(RenderPhase.class);
        RenderContext ctx =
                new RenderContext("w-" + UUID.randomUUID().toString().substring(0, 8), 1, null, null, (p, n) -> {
                    assertThat(seen.put(p, n)).as("%s reported twice", p).isNull();
                });

        long t0 = System.nanoTime();
        var files = new JavacvTaskRenderer(fx.roots, "1").render(task, ctx);
        long wall = System.nanoTime() - t0;

        assertThat(files).hasSize(2);
        assertThat(seen).containsOnlyKeys(RenderPhase.values());
        assertThat(seen.values()).allSatisfy(n -> assertThat(n).isPositive());
        assertThat(seen.values().stream().mapToLong(Long::longValue).sum()).isLessThanOrEqualTo(wall);
        assertThat(RenderPhase.SETUP.tag()).isEqualTo("setup");
    }
}
