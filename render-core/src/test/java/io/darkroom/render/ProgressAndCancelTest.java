package io.darkroom.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.darkroom.contracts.FailureReason;
import io.darkroom.contracts.MediaInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressAndCancelTest {
    @TempDir
    Path temp;

    @Test
    void progressIsThrottledToAboutOncePerSecondAndAlwaysReportedAtTheEnd() {
        AtomicLong now = new AtomicLong();
        List<long[]> calls = new ArrayList<>();
        ProgressReporter p = new ProgressReporter((d, t) -> calls.add(new long[] {d, t}), 100, now::get);
        for (int i = 1; i <= 30; i++) {
            now.addAndGet(100_000_000L); // 0.1 s per frame
            p.update(i);
        }
        p.finish(30);
        assertThat(calls).extracting(c -> c[0]).containsExactly(10L, 20L, 30L, 30L);
        assertThat(calls).allSatisfy(c -> assertThat(c[1]).isEqualTo(100));
    }

    @Test
    void cancellationStopsBetweenFramesAndLeavesNoFile() throws Exception {
        RenderFixtures fx = new RenderFixtures(temp);
        MediaInfo info = RenderFixtures.probe(RenderFixtures.GOPRO);
        AtomicInteger polls = new AtomicInteger();
        RenderContext ctx = new RenderContext("w", 1, (d, t) -> {}, () -> polls.incrementAndGet() > 5);
        var task = RenderFixtures.video(
                RenderFixtures.GOPRO,
                info,
                0,
                -16683,
                Long.MAX_VALUE,
                315,
                "cancel",
                List.of(RenderFixtures.output("m", "ffv1-master", 848, 480)));

        assertThatThrownBy(() -> new JavacvTaskRenderer(fx.roots).render(task, ctx))
                .isInstanceOfSatisfying(RenderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.INTERNAL);
                    assertThat(e.getMessage()).isEqualTo("cancelled");
                });
        assertThat(polls.get()).isEqualTo(6);
        try (var files = Files.walk(temp)) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }
}
