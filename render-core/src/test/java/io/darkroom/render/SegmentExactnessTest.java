package io.darkroom.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.RenderTask;
import io.darkroom.contracts.TaskEvent;
import io.darkroom.media.Ffmpeg;
import io.darkroom.media.Keyframes;
import io.darkroom.media.plan.SegmentPlan;
import io.darkroom.media.plan.SegmentPlanner;
import io.darkroom.media.qc.FrameHashes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Architecture decision 4: with a lossless codec, a split run decodes to exactly the frames of a single-pass run.
 * The GoPro clip (315 frames, 29.97, H.264 with B-frames, yuvj420p) is rendered to ffv1-master once as one segment
 * and once as four segments cut half a frame before frames 0, 80, 160 and 240 (SegmentPlanner); the per-frame MD5s
 * of the four files in order must equal those of the single file, 315 of them.
 */
class SegmentExactnessTest {

    @TempDir
    Path temp;

    @Test
    void fourSegmentsDecodeToExactlyTheFramesOfOnePass() throws Exception {
        RenderFixtures fx = new RenderFixtures(temp);
        MediaInfo info = RenderFixtures.probe(RenderFixtures.GOPRO);
        assertThat(info.frameCount()).isEqualTo(315);
        TaskRenderer renderer = new JavacvTaskRenderer(fx.roots);
        List<RenderTask.RenderOutput> outputs =
                List.of(RenderFixtures.output("master", "ffv1-master", info.displayWidth(), info.displayHeight()));

        List<String> single = render(fx, renderer, info, SegmentPlanner.plan(info, 10_000), "single", outputs);
        List<SegmentPlan> plan = SegmentPlanner.plan(info, 80);
        assertThat(plan).hasSize(4);
        assertThat(plan.get(1).startUs()).isEqualTo(SegmentPlanner.boundaryUs(info, 80));
        List<String> split = render(fx, renderer, info, plan, "split", outputs);

        assertThat(single).hasSize(315);
        assertThat(split).hasSize(315);
        assertThat(differingFrames(single, split))
                .as("frame indices whose pictures differ")
                .isEmpty();
        // and both are the right pictures: FFmpeg's own CLI, same filter graph, gives the same hashes
        assertThat(differingFrames(single, reference(info)))
                .as("frames differing from the ffmpeg CLI")
                .isEmpty();
    }

    @Test
    void keyframeAlignedSegmentsLandDirectlyAndStayExact() throws Exception {
        RenderFixtures fx = new RenderFixtures(temp);
        MediaInfo info = RenderFixtures.probe(RenderFixtures.GOPRO);
        TaskRenderer renderer = new JavacvTaskRenderer(fx.roots);
        List<RenderTask.RenderOutput> outputs =
                List.of(RenderFixtures.output("master", "ffv1-master", info.displayWidth(), info.displayHeight()));
        List<Long> keyframes = Keyframes.of(RenderFixtures.media(RenderFixtures.GOPRO));
        List<SegmentPlan> plan = SegmentPlanner.plan(info, 60, keyframes);
        assertThat(plan).hasSizeGreaterThan(2);
        // every cut after the first sits half a frame before a keyframe: the worker's seek lands on it directly
        long halfFrame = Math.round(500_000.0 * info.fpsDen() / info.fpsNum());
        for (SegmentPlan p : plan.subList(1, plan.size())) {
            assertThat(keyframes).anySatisfy(k -> assertThat(Math.abs(k - (p.startUs() + halfFrame)))
                    .isLessThan(3));
        }
        List<String> split = render(fx, renderer, info, plan, "aligned", outputs);
        assertThat(split).hasSize(315);
        assertThat(differingFrames(split, reference(info)))
                .as("frames differing from the ffmpeg CLI")
                .isEmpty();
    }

    private static List<String> reference(MediaInfo info) {
        String graph = VideoFilterChain.describe(0, info.displayWidth(), info.displayHeight(), true, "yuv420p");
        Ffmpeg.Result r = Ffmpeg.ffmpeg(
                List.of(
                        "-v",
                        "error",
                        "-i",
                        RenderFixtures.media(RenderFixtures.GOPRO).toString(),
                        "-map",
                        "0:v:0",
                        "-vf",
                        graph,
                        "-f",
                        "framemd5",
                        "-"),
                Duration.ofMinutes(5));
        assertThat(r.ok()).as(r.stderrTail()).isTrue();
        return r.stdout()
                .lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.substring(l.lastIndexOf(',') + 1).strip())
                .toList();
    }

    private static List<Integer> differingFrames(List<String> a, List<String> b) {
        List<Integer> diff = new ArrayList<>();
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (!a.get(i).equals(b.get(i))) {
                diff.add(i);
            }
        }
        return diff;
    }

    private static List<String> render(
            RenderFixtures fx,
            TaskRenderer renderer,
            MediaInfo info,
            List<SegmentPlan> plan,
            String prefix,
            List<RenderTask.RenderOutput> outputs)
            throws Exception {
        List<String> hashes = new ArrayList<>();
        for (SegmentPlan seg : plan) {
            RenderTask task = RenderFixtures.video(
                    RenderFixtures.GOPRO,
                    info,
                    seg.index(),
                    seg.startUs(),
                    seg.endUs(),
                    seg.expectedFrames(),
                    prefix,
                    outputs);
            List<TaskEvent.SegmentFile> files = renderer.render(task, RenderFixtures.context());
            assertThat(files).hasSize(1);
            TaskEvent.SegmentFile f = files.get(0);
            assertThat(f.frames()).as("frames of segment %d", seg.index()).isEqualTo(seg.expectedFrames());
            List<String> segHashes = FrameHashes.of(fx.file(f.file()));
            assertThat(segHashes)
                    .as("decoded frames of segment %d", seg.index())
                    .hasSize((int) f.frames());
            hashes.addAll(segHashes);
        }
        return hashes;
    }
}
