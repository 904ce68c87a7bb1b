package io.darkroom.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.RenderTask;
import io.darkroom.contracts.SourceRef;
import io.darkroom.contracts.TaskEvent;
import io.darkroom.media.Ffmpeg;
import io.darkroom.media.Probe;
import io.darkroom.media.StorageRoots;
import io.darkroom.media.plan.SegmentPlan;
import io.darkroom.media.plan.SegmentPlanner;
import io.darkroom.recipe.geometry.SourceGeometry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Clips a test makes with the bundled ffmpeg under {@code <temp>/media}, rendered whole by the real renderer into
 * {@code <temp>/out}, and pictures read back as RGB by ffmpeg (the reference decode, autorotate on).
 */
final class GeneratedClips {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    final Path media;
    final Path out;
    final StorageRoots roots;

    GeneratedClips(Path temp) {
        try {
            this.media = Files.createDirectories(temp.resolve("media"));
            this.out = Files.createDirectories(temp.resolve("out"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.roots = new StorageRoots(Map.of("media", media, "out", out));
    }

    /** Runs ffmpeg ({@code -v error -y} first); fails the test with its stderr when it fails. */
    static void ffmpeg(String... args) {
        List<String> a = new ArrayList<>(List.of("-v", "error", "-y"));
        a.addAll(Arrays.asList(args));
        Ffmpeg.Result r = Ffmpeg.ffmpeg(a, TIMEOUT);
        assertThat(r.ok()).as("ffmpeg %s: %s", a, r.stderrTail()).isTrue();
    }

    Path file(String name) {
        return media.resolve(name);
    }

    /** A picture: size and packed RGB24 bytes. */
    record Rgb(int width, int height, byte[] pixels) {
        /** Mean absolute difference per channel value; infinite when the sizes differ. */
        double meanAbsDiff(Rgb o) {
            if (o.width != width || o.height != height) {
                return Double.POSITIVE_INFINITY;
            }
            long sum = 0;
            for (int i = 0; i < pixels.length; i++) {
                sum += Math.abs((pixels[i] & 0xFF) - (o.pixels[i] & 0xFF));
            }
            return (double) sum / pixels.length;
        }

        /** Mean of the RGB values of rows {@code y0 <= y < y1}. */
        double meanOfRows(int y0, int y1) {
            long sum = 0;
            for (int i = y0 * width * 3; i < y1 * width * 3; i++) {
                sum += pixels[i] & 0xFF;
            }
            return (double) sum / ((long) (y1 - y0) * width * 3);
        }
    }

    /** The first picture of {@code file} as FFmpeg shows it (display matrix applied, pixel aspect not). */
    static Rgb firstPicture(Path file) {
        MediaInfo m = Probe.probe(file);
        Path raw = file.resolveSibling(file.getFileName() + ".rgb");
        ffmpeg("-i", file.toString(), "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", raw.toString());
        try {
            byte[] bytes = Files.readAllBytes(raw);
            int w = m.displayWidth();
            int h = m.displayHeight();
            assertThat(bytes).hasSize(w * h * 3);
            return new Rgb(w, h, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Renders the whole clip {@code name} (under the media root) in one segment through the real renderer, with the
     * planner's source picture adjustments for {@code recipe}, into one output; returns the output file.
     */
    Path render(String name, Recipe recipe, RenderTask.RenderOutput output) throws Exception {
        MediaInfo info = Probe.probe(file(name));
        SegmentPlan whole = SegmentPlanner.plan(info, 100_000).get(0);
        RenderTask task = new RenderTask(
                        RenderTask.SCHEMA,
                        "task-" + name,
                        "job-" + name,
                        "clip-1",
                        1,
                        RenderTask.TaskKind.VIDEO_SEGMENT,
                        new SourceRef("media", name),
                        0,
                        whole.startUs(),
                        whole.endUs(),
                        whole.expectedFrames(),
                        info.fpsNum(),
                        info.fpsDen(),
                        info.rotation(),
                        List.of(output),
                        new SourceRef("out", name + "/seg0"),
                        null,
                        null,
                        null,
                        null,
                        null)
                .withPicture(SourceGeometry.picture(info, recipe));
        TaskEvent.SegmentFile f = new JavacvTaskRenderer(roots)
                .render(task, RenderFixtures.context())
                .get(0);
        assertThat(f.frames()).isEqualTo(info.frameCount());
        return roots.resolveExisting(f.file());
    }
}
