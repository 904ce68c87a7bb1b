package io.darkroom.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.RenderTask;
import io.darkroom.contracts.SourceRef;
import io.darkroom.contracts.TaskEvent;
import io.darkroom.media.Ffmpeg;
import io.darkroom.media.Probe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An interlaced source (top field first, field order in the stream) comes out deinterlaced without an explicit op:
 * same frame count (bwdif one frame per frame), and the combing of moving content is gone — measured as the mean
 * luma difference between adjacent lines, which interlacing inflates on motion.
 */
class DeinterlaceRenderTest {
    private static final int W = 320;
    private static final int H = 240;

    @TempDir
    Path temp;

    @Test
    void interlacedSourceIsDeinterlacedAutomatically() throws Exception {
        RenderFixtures fx = new RenderFixtures(temp);
        Path src = temp.resolve("src/interlaced.mp4");
        Files.createDirectories(src.getParent());
        ffmpeg(List.of(
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=" + W + "x" + H + ":rate=50",
                "-t",
                "1",
                "-vf",
                "interlace=scan=tff",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-qp",
                "0",
                "-flags",
                "+ildct+ilme",
                "-x264-params",
                "interlaced=1:tff=1",
                "-pix_fmt",
                "yuv420p",
                src.toString()));
        MediaInfo info = Probe.probe(src);
        assertThat(info.interlaced()).as("field order %s", info.fieldOrder()).isTrue();

        RenderTask task = new RenderTask(
                RenderTask.SCHEMA,
                "task-0",
                "job-deint",
                "clip-1",
                1,
                RenderTask.TaskKind.VIDEO_SEGMENT,
                new SourceRef("out", "src/interlaced.mp4"),
                0,
                info.startUs() - 20_000,
                Long.MAX_VALUE,
                info.frameCount(),
                info.fpsNum(),
                info.fpsDen(),
                0,
                List.of(RenderTask.RenderOutput.of("master", "ffv1-master", W, H)
                        .withOps(List.of())),
                new SourceRef("out", "deint/seg0"),
                null,
                null,
                null,
                null,
                null);
        List<TaskEvent.SegmentFile> files =
                new JavacvTaskRenderer(fx.roots, "0", temp.resolve("ops-work")).render(task, RenderFixtures.context());
        Path out = fx.file(files.get(0).file());

        assertThat(files.get(0).frames()).isEqualTo(info.frameCount());
        double sourceCombing = combing(src);
        double outputCombing = combing(out);
        assertThat(outputCombing)
                .as("adjacent-line difference: source %.2f, output %.2f", sourceCombing, outputCombing)
                .isLessThan(sourceCombing * 0.7);
    }

    /** Mean absolute luma difference between adjacent lines over the first frames. */
    private double combing(Path video) throws Exception {
        Path raw = temp.resolve(video.getFileName() + ".gray");
        ffmpeg(List.of(
                "-i", video.toString(), "-frames:v", "10", "-f", "rawvideo", "-pix_fmt", "gray", "-y", raw.toString()));
        byte[] px = Files.readAllBytes(raw);
        long sum = 0;
        long n = 0;
        for (int f = 0; f + W * H <= px.length; f += W * H) {
            for (int y = 0; y + 1 < H; y++) {
                for (int x = 0; x < W; x++) {
                    sum += Math.abs((px[f + y * W + x] & 0xFF) - (px[f + (y + 1) * W + x] & 0xFF));
                    n++;
                }
            }
        }
        return (double) sum / n;
    }

    private static void ffmpeg(List<String> args) {
        Ffmpeg.Result r = Ffmpeg.ffmpeg(args, Duration.ofMinutes(2));
        assertThat(r.ok()).as(r.stderrTail()).isTrue();
    }
}
