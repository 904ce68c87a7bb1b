package io.darkroom.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.OutputSpec;
import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.SourceRef;
import io.darkroom.media.Ffmpeg;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's checks judge anamorphic sources as the planner sizes them: generated PAL 16:9 and D10 sources, with
 * outputs made by ffmpeg the right way (square pixels at the display aspect, or kept anamorphic on request) and the
 * wrong ways (squeezed; coded size labelled square).
 */
class AnamorphicOutputChecksTest {
    static final OutputSpec REVIEW = OutputSpec.of("review", "h264-review", 0, 0);

    @TempDir
    Path media;

    static void ffmpeg(String... args) {
        List<String> a = new ArrayList<>(List.of("-v", "error", "-y"));
        a.addAll(Arrays.asList(args));
        Ffmpeg.Result r = Ffmpeg.ffmpeg(a, Duration.ofMinutes(2));
        assertThat(r.ok()).as("ffmpeg %s: %s", a, r.stderrTail()).isTrue();
    }

    private Path source(String name, String size, String filters) {
        Path src = media.resolve(name + ".mp4");
        ffmpeg(
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=" + size + ":rate=25",
                "-vf",
                filters,
                "-frames:v",
                "5",
                "-c:v",
                "libx264",
                "-pix_fmt",
                "yuv420p",
                src.toString());
        return src;
    }

    private Path output(Path src, String name, String filters) {
        Path out = media.resolve(name);
        ffmpeg("-i", src.toString(), "-vf", filters, "-c:v", "libx264", "-pix_fmt", "yuv420p", out.toString());
        return out;
    }

    private static JobStatus.Clip clip(String name) {
        return new JobStatus.Clip("c1", name, new SourceRef("media", name + ".mp4"), "DONE", null, List.of());
    }

    @Test
    void aPalWidescreenOutputMustBeSquarePixelsAtSixteenByNine() {
        Path src = source("pal169", "720x576", "setsar=64/45");
        OutputChecks checks = new OutputChecks(Map.of("media", media));

        OutputChecks.Checked right = checks.checkOne(
                clip("pal169"), REVIEW, List.of(), output(src, "pal169_review.mp4", "scale=1024:576,setsar=1"));
        assertThat(right.problems()).isEmpty();
        assertThat(right.expected().sampleAspect()).isEqualTo("1:1");

        OutputChecks.Checked squeezed =
                checks.checkOne(clip("pal169"), REVIEW, List.of(), output(src, "pal169_squeezed.mp4", "setsar=1"));
        assertThat(squeezed.problems())
                .contains("size 720x576, expected 1024x576")
                .anyMatch(p -> p.startsWith("aspect ratio 1.2500"));

        OutputChecks.Checked labelled =
                checks.checkOne(clip("pal169"), REVIEW, List.of(), output(src, "pal169_coded.mp4", "null"));
        assertThat(labelled.problems())
                .contains("pixel aspect 64:45, expected 1:1 (display aspect 1.7778, expected" + " 1.2500)");
    }

    @Test
    void aKeptAnamorphicOutputHasTheCodedSizeAndTheSourcesPixelAspect() {
        Path src = source("pal169", "720x576", "setsar=64/45");
        OutputChecks checks = new OutputChecks(Map.of("media", media));
        OutputSpec keep = new OutputSpec("sd", "h264-review", 0, 0, null, null, null, true);

        OutputChecks.Checked kept =
                checks.checkOne(clip("pal169"), keep, List.of(), output(src, "pal169_sd.mp4", "null"));
        assertThat(kept.problems()).isEmpty();
        assertThat(kept.expected().sampleAspect()).isEqualTo("64:45");

        OutputChecks.Checked square = checks.checkOne(
                clip("pal169"), keep, List.of(), output(src, "pal169_sq.mp4", "scale=1024:576,setsar=1"));
        assertThat(square.problems()).contains("size 1024x576, expected 720x576");
    }

    @Test
    void aD10SourceIsJudgedWithoutItsVbiUnlessTheRecipeKeepsIt() {
        Path src = source("d10", "720x608", "setdar=4/3");
        OutputChecks checks = new OutputChecks(Map.of("media", media));

        Path cropped = output(src, "d10_review.mp4", "crop=720:576:0:32,scale=768:576,setsar=1");
        assertThat(checks.checkOne(clip("d10"), REVIEW, List.of(), cropped).problems())
                .isEmpty();

        Recipe keepVbi = Recipe.of(List.of(REVIEW)).withVbiCrop(Recipe.VBI_NONE);
        assertThat(checks.checkOne(clip("d10"), REVIEW, List.of(), keepVbi, cropped)
                        .problems())
                .contains("size 768x576, expected 810x608");
        Path whole = output(src, "d10_whole.mp4", "scale=810:608,setsar=1");
        assertThat(checks.checkOne(clip("d10"), REVIEW, List.of(), keepVbi, whole)
                        .problems())
                .isEmpty();
    }
}
