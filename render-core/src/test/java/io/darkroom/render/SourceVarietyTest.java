package io.darkroom.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.darkroom.contracts.FailureReason;
import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.RenderTask;
import io.darkroom.contracts.SourceRef;
import io.darkroom.contracts.TaskEvent;
import io.darkroom.media.Probe;
import io.darkroom.media.plan.SegmentPlan;
import io.darkroom.media.plan.SegmentPlanner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real sources that break naive pipelines: rotated VFR phone video, 10-bit VP9, a corrupt bitstream. */
class SourceVarietyTest {

    @TempDir
    Path temp;

    @Test
    void rotatedVariableFrameRatePhoneClipComesOutUprightPortraitAndCfrWithEveryFrame() throws Exception {
        RenderFixtures fx = new RenderFixtures(temp);
        MediaInfo info = RenderFixtures.probe(RenderFixtures.ANDROID_VFR);
        assertThat(info.rotation()).isEqualTo(90);
        assertThat(info.frameCount()).isEqualTo(18);
        SegmentPlan whole = SegmentPlanner.plan(info, 1000).get(0);
        RenderTask task = RenderFixtures.video(
                RenderFixtures.ANDROID_VFR,
                info,
                0,
                whole.startUs(),
                whole.endUs(),
                18,
                "vfr",
                List.of(RenderFixtures.output("review", "h264-review", 270, 480)));

        TaskEvent.SegmentFile f = new JavacvTaskRenderer(fx.roots)
                .render(task, RenderFixtures.context())
                .get(0);

        assertThat(f.frames()).isEqualTo(18);
        assertThat(f.file().path()).endsWith(".mp4").doesNotEndWith(".part");
        MediaInfo out = Probe.probe(fx.file(f.file()));
        assertThat(out.width()).isEqualTo(270);
        assertThat(out.height()).isEqualTo(480);
        assertThat(out.rotation()).isZero();
        assertThat(out.frameCount()).isEqualTo(18);
        assertThat(out.variableFrameRate()).isFalse();
        assertThat((long) out.fpsNum() * info.fpsDen()).isEqualTo((long) info.fpsNum() * out.fpsDen());
        assertThat(out.pixelFormat()).isEqualTo("yuv420p");
        assertThat(out.audioStreams()).isZero();
        assertThat(f.durationUs()).isEqualTo(Math.round(18 * 1e6 * info.fpsDen() / info.fpsNum()));
    }

    @Test
    void tenBitVp9IsDecodedAndConvertedToEightBitMaster() throws Exception {
        RenderFixtures fx = new RenderFixtures(temp);
        MediaInfo info = RenderFixtures.probe(RenderFixtures.VP9_10BIT);
        assertThat(info.pixelFormat()).contains("10");
        List<SegmentPlan> plan = SegmentPlanner.plan(info, (int) Math.max(1, info.frameCount() / 2));
        SegmentPlan last = plan.get(plan.size() - 1);
        RenderTask task = RenderFixtures.video(
                RenderFixtures.VP9_10BIT,
                info,
                last.index(),
                last.startUs(),
                last.endUs(),
                last.expectedFrames(),
                "vp9",
                List.of(
                        RenderFixtures.output("master", "ffv1-master", info.displayWidth(), info.displayHeight()),
                        RenderFixtures.output("review", "h264-review", 320, 180)));

        List<TaskEvent.SegmentFile> files = new JavacvTaskRenderer(fx.roots).render(task, RenderFixtures.context());

        // this WebM stores VP9 hidden (alt-ref) frames as packets of their own (80 packets, 72 pictures); the probe
        // counts pictures by decoding for VP9, so the plan's expected count matches what ffprobe decodes in the range
        long inRange = FfprobeFrames.timestampsUs(RenderFixtures.media(RenderFixtures.VP9_10BIT)).stream()
                .filter(t -> t >= last.startUs())
                .count();
        assertThat(info.frameCount()).isEqualTo(72);
        assertThat(inRange).isPositive().isEqualTo(last.expectedFrames());
        assertThat(files).extracting(TaskEvent.SegmentFile::output).containsExactly("master", "review");
        for (TaskEvent.SegmentFile f : files) {
            assertThat(f.frames()).isEqualTo(inRange);
            MediaInfo out = Probe.probe(fx.file(f.file()));
            assertThat(out.pixelFormat()).isEqualTo("yuv420p");
            assertThat(out.frameCount()).isEqualTo(inRange);
            assertThat(f.sizeBytes()).isEqualTo(Files.size(fx.file(f.file())));
        }
        assertThat(Probe.probe(fx.file(files.get(0).file())).videoCodec()).isEqualTo("ffv1");
        assertThat(Probe.probe(fx.file(files.get(1).file())).videoCodec()).isEqualTo("h264");
        try (var parts = Files.walk(temp)) {
            assertThat(parts.filter(p -> p.toString().endsWith(".part"))).isEmpty();
        }
    }

    @Test
    void corruptBitstreamFailsAsBadInputNamingTheFileAndLeavesNoOutput() throws Exception {
        RenderFixtures fx = new RenderFixtures(temp);
        RenderTask task = new RenderTask(
                RenderTask.SCHEMA,
                "t-corrupt",
                "j-corrupt",
                "c",
                1,
                RenderTask.TaskKind.VIDEO_SEGMENT,
                new SourceRef("media", RenderFixtures.CORRUPT),
                0,
                0,
                Long.MAX_VALUE,
                10,
                24000,
                1001,
                0,
                List.of(RenderFixtures.output("master", "ffv1-master", 320, 240)),
                new SourceRef("out", "corrupt/seg0"),
                null,
                null,
                null,
                null,
                null);

        assertThatThrownBy(() -> new JavacvTaskRenderer(fx.roots).render(task, RenderFixtures.context()))
                .isInstanceOfSatisfying(RenderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.BAD_INPUT);
                    assertThat(e.getMessage())
                            .contains("vp9_profile2_invalid_bitstream.webm")
                            .contains("segment 0");
                });
        try (var files = Files.walk(temp)) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void missingSourceIsBadInput() {
        RenderFixtures fx = new RenderFixtures(temp);
        RenderTask task = new RenderTask(
                RenderTask.SCHEMA,
                "t-missing",
                "j",
                "c",
                1,
                RenderTask.TaskKind.VIDEO_SEGMENT,
                new SourceRef("media", "nope/missing.mp4"),
                0,
                0,
                Long.MAX_VALUE,
                10,
                30,
                1,
                0,
                List.of(RenderFixtures.output("m", "ffv1-master", 64, 64)),
                new SourceRef("out", "m/seg0"),
                null,
                null,
                null,
                null,
                null);

        assertThatThrownBy(() -> new JavacvTaskRenderer(fx.roots).render(task, RenderFixtures.context()))
                .isInstanceOfSatisfying(RenderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.BAD_INPUT);
                    assertThat(e.getMessage()).contains("missing.mp4");
                });
    }
}
