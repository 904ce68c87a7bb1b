package io.darkroom.process.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.JobState;
import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.OutputSpec;
import io.darkroom.contracts.Preset;
import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.RenderTask;
import io.darkroom.contracts.RenderTask.RenderOutput;
import io.darkroom.contracts.SourcePicture;
import io.darkroom.contracts.SourceRef;
import io.darkroom.media.Ffmpeg;
import io.darkroom.process.domain.ClipRow;
import io.darkroom.process.domain.ClipState;
import io.darkroom.process.domain.JobRow;
import io.darkroom.process.domain.TaskRow;
import io.darkroom.process.domain.TaskState;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the planner hands a worker for a D10 source with a mirrored display matrix (VBI crop, pixel aspect over the
 * kept lines, reflection), what QC then expects of a kept-anamorphic output, and its poster (square pixels).
 */
class AnamorphicPlanTest {
    static final MediaInfo D10 = new MediaInfo(
                    "mxf",
                    "mpeg2video",
                    720,
                    608,
                    0,
                    720,
                    608,
                    "yuv422p",
                    25,
                    1,
                    false,
                    50,
                    0,
                    2_000_000,
                    0,
                    0,
                    null,
                    null,
                    1,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    false,
                    null,
                    null,
                    false)
            .withPictureDetails(null, null, null, null, "tt", "152:135")
            .withMirrored(true);

    static RenderTask task(Recipe recipe) {
        UUID job = UUID.randomUUID();
        UUID clip = UUID.randomUUID();
        TaskRow t = new TaskRow(
                UUID.randomUUID(),
                job,
                clip,
                RenderTask.TaskKind.VIDEO_SEGMENT,
                0,
                0,
                Long.MAX_VALUE,
                50,
                TaskState.PENDING,
                1,
                null,
                null,
                null,
                null,
                null,
                0,
                List.of(),
                null);
        ClipRow c = new ClipRow(
                clip,
                job,
                0,
                "A001",
                new SourceRef("media", "a.mxf"),
                D10,
                List.of(RenderOutput.of("review", "h264-review", 768, 576)),
                Map.of(),
                ClipState.PLANNED,
                null);
        JobRow j = new JobRow(
                job,
                "n",
                JobState.PLANNED,
                50,
                "cpu",
                recipe,
                new SourceRef("out", "x"),
                "it",
                Instant.now(),
                Instant.now(),
                0,
                null);
        return RenderTasks.of(t, c, j);
    }

    @Test
    void theTaskCarriesTheVbiCropThePixelAspectOfTheKeptLinesAndTheReflection() {
        Recipe recipe = Recipe.of(List.of(OutputSpec.of("review", "h264-review", 0, 0)));
        assertThat(task(recipe).picture()).isEqualTo(new SourcePicture(32, 576, 16, 15, true));
        Recipe whole = Recipe.of(recipe.outputs()).withVbiCrop(Recipe.VBI_NONE);
        assertThat(task(whole).picture()).isEqualTo(new SourcePicture(0, 0, 0, 0, true));
    }

    @Test
    void qcExpectsThePixelAspectTheOutputWasPlannedWith() {
        RenderOutput kept = new RenderOutput("sd", "prores-proxy", 720, 576, null, null, "16:15");
        assertThat(OutputQc.expectation(D10, Preset.PRORES_PROXY, kept).sampleAspect())
                .isEqualTo("16:15");
        RenderOutput square = RenderOutput.of("review", "h264-review", 768, 576);
        assertThat(OutputQc.expectation(D10, Preset.H264_REVIEW, square).sampleAspect())
                .isEqualTo("1:1");
    }

    @Test
    void thePosterOfAKeptAnamorphicOutputHasSquarePixelsAtItsDisplayAspect(@TempDir Path dir) throws IOException {
        Path clip = dir.resolve("pal.mp4");
        Path poster = dir.resolve("poster.jpg");
        Ffmpeg.Result made = Ffmpeg.ffmpeg(
                List.of(
                        "-v",
                        "error",
                        "-f",
                        "lavfi",
                        "-i",
                        "testsrc2=size=720x576:rate=25",
                        "-vf",
                        "setsar=64/45",
                        "-frames:v",
                        "3",
                        "-c:v",
                        "libx264",
                        clip.toString()),
                Duration.ofMinutes(1));
        assertThat(made.ok()).as(made.stderrTail()).isTrue();
        PosterFrames.grab(clip, 0, poster);
        BufferedImage jpeg = ImageIO.read(poster.toFile());
        assertThat(jpeg.getWidth()).isEqualTo(1024);
        assertThat(jpeg.getHeight()).isEqualTo(576);
    }
}
