package io.darkroom.models.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.darkroom.media.Ffmpeg;
import io.darkroom.models.upscale.RgbImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Preview frames of a 4K source: FFmpeg scales and crops each one while decoding, so what reaches the heap is the
 * crop (480x270 here, not 3840x2160) and only one at a time, however many frames are asked for.
 */
class ClipFramesTest {
    @TempDir
    static Path dir;

    static Path uhd;

    @BeforeAll
    static void makeA4kClip() {
        uhd = dir.resolve("uhd.mp4");
        Ffmpeg.Result r = Ffmpeg.ffmpeg(
                List.of(
                        "-v",
                        "error",
                        "-y",
                        "-f",
                        "lavfi",
                        "-i",
                        "testsrc2=size=3840x2160:rate=24:duration=1",
                        "-c:v",
                        "libx264",
                        "-preset",
                        "ultrafast",
                        "-pix_fmt",
                        "yuv420p",
                        uhd.toString()),
                Duration.ofMinutes(2));
        assertThat(r.ok()).as(r.stderrTail()).isTrue();
    }

    @Test
    void twelveWindowedFramesOfA4kSourceArriveOneCropAtATime() {
        List<Integer> order = new ArrayList<>();
        List<String> sizes = new ArrayList<>();
        ClipFrames.spread(uhd, 12, new ClipFrames.Window(1920, 1080, 480, 270), (k, frame) -> {
            order.add(k);
            sizes.add(frame.width() + "x" + frame.height());
        });

        assertThat(order).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        assertThat(sizes).hasSize(12).containsOnly("480x270");
    }

    @Test
    void theWindowIsTheCentreOfTheScaledPicture() {
        RgbImage whole = ClipFrames.spread(uhd, 1).get(0);
        List<RgbImage> windowed = new ArrayList<>();
        ClipFrames.spread(uhd, 1, new ClipFrames.Window(3840, 2160, 64, 32), (k, f) -> windowed.add(f));

        assertThat(whole.width()).isEqualTo(3840);
        RgbImage centre = whole.crop((3840 - 64) / 2, (2160 - 32) / 2, 64, 32);
        assertThat(windowed).singleElement().satisfies(w -> assertThat(maxDiff(w, centre))
                .isLessThan(1e-6));
    }

    @Test
    void aWindowMustFitItsPicture() {
        assertThatThrownBy(() -> new ClipFrames.Window(100, 50, 120, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("120x10")
                .hasMessageContaining("100x50");
    }

    private static double maxDiff(RgbImage a, RgbImage b) {
        double max = 0;
        for (int y = 0; y < a.height(); y++) {
            for (int x = 0; x < a.width(); x++) {
                for (int c = 0; c < 3; c++) {
                    max = Math.max(max, Math.abs(a.get(c, x, y) - b.get(c, x, y)));
                }
            }
        }
        return max;
    }
}
