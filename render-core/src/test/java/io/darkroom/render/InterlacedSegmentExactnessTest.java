package io.darkroom.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.RenderTask;
import io.darkroom.contracts.SourceRef;
import io.darkroom.contracts.TaskEvent;
import io.darkroom.contracts.ops.Op;
import io.darkroom.media.Probe;
import io.darkroom.media.plan.SegmentPlan;
import io.darkroom.media.plan.SegmentPlanner;
import io.darkroom.media.qc.FrameHashes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 12 item 6: an interlaced source split into segments renders bit-exactly as one pass. The deinterlacer (bwdif)
 * needs the previous frame; at a segment start the worker primes it with the frame before the segment, so the first
 * frame of segment k is deinterlaced against the same neighbours as in a single pass. Clips generated here: 100
 * frames of moving test pattern, interlaced top or bottom field first, H.264 with interlaced coding, a keyframe every
 * 25 frames (segments cut at keyframes land directly in the progressive case: the interlaced one must not).
 */
class InterlacedSegmentExactnessTest {
    private static final int W = 320;
    private static final int H = 240;

    @TempDir
    Path temp;

    /**
     * @param burnIn with a frame-number burn-in: the primer frame must not shift the graph's frame counter (a
     *               numbering off by one makes every frame of segments 1..3 differ)
     */
    @ParameterizedTest
    @CsvSource({"tff,false", "bff,false", "tff,true"})
    void fourSegmentsOfAnInterlacedSourceDecodeToTheFramesOfOnePass(String order, boolean burnIn) throws Exception {
        GeneratedClips clips = new GeneratedClips(temp);
        String name = "interlaced_" + order + ".mp4";
        GeneratedClips.ffmpeg(
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=" + W + "x" + H + ":rate=50",
                "-t",
                "4",
                "-vf",
                "interlace=scan=" + order,
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-qp",
                "0",
                "-g",
                "25",
                "-flags",
                "+ildct+ilme",
                "-x264-params",
                "interlaced=1:" + order + "=1",
                "-pix_fmt",
                "yuv420p",
                clips.file(name).toString());
        MediaInfo info = Probe.probe(clips.file(name));
        assertThat(info.fieldOrder()).isEqualTo(order.equals("tff") ? "tt" : "bb");
        assertThat(info.frameCount()).isEqualTo(100);
        JavacvTaskRenderer renderer = new JavacvTaskRenderer(clips.roots, "0", temp.resolve("ops-work"));

        List<Op> ops = burnIn ? List.of(new Op.BurnIn("{frame}", null, null, null, null)) : List.of();
        List<String> single = render(clips, renderer, name, info, SegmentPlanner.plan(info, 10_000), "single", ops);
        List<SegmentPlan> plan = SegmentPlanner.plan(info, 25);
        assertThat(plan).hasSize(4);
        List<String> split = render(clips, renderer, name, info, plan, "split", ops);

        assertThat(single).hasSize(100);
        assertThat(split).hasSize(100);
        List<Integer> differing = new ArrayList<>();
        for (int i = 0; i < single.size(); i++) {
            if (!single.get(i).equals(split.get(i))) {
                differing.add(i);
            }
        }
        assertThat(differing)
                .as("frames whose pictures differ between split and single pass (%s)", order)
                .isEmpty();
    }

    private static List<String> render(
            GeneratedClips clips,
            JavacvTaskRenderer renderer,
            String name,
            MediaInfo info,
            List<SegmentPlan> plan,
            String prefix,
            List<Op> ops)
            throws Exception {
        List<String> hashes = new ArrayList<>();
        for (SegmentPlan seg : plan) {
            RenderTask task = new RenderTask(
                    RenderTask.SCHEMA,
                    "task-" + seg.index(),
                    "job-" + prefix,
                    "clip-1",
                    1,
                    RenderTask.TaskKind.VIDEO_SEGMENT,
                    new SourceRef("media", name),
                    seg.index(),
                    seg.startUs(),
                    seg.endUs(),
                    seg.expectedFrames(),
                    info.fpsNum(),
                    info.fpsDen(),
                    0,
                    List.of(RenderTask.RenderOutput.of("master", "ffv1-master", W, H)
                            .withOps(ops)),
                    new SourceRef("out", prefix + "/seg" + seg.index()),
                    null,
                    null,
                    null,
                    null,
                    null);
            List<TaskEvent.SegmentFile> files = renderer.render(task, RenderFixtures.context());
            TaskEvent.SegmentFile f = files.get(0);
            assertThat(f.frames()).as("frames of segment %d", seg.index()).isEqualTo(seg.expectedFrames());
            hashes.addAll(FrameHashes.of(clips.out.resolve(f.file().path())));
        }
        return hashes;
    }
}
