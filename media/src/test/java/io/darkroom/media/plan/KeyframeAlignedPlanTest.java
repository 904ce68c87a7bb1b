package io.darkroom.media.plan;

import static io.darkroom.media.TestMedia.cfr;
import static io.darkroom.media.TestMedia.info;
import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.MediaInfo;
import io.darkroom.media.Keyframes;
import io.darkroom.media.Probe;
import io.darkroom.media.TestMedia;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyframeAlignedPlanTest {

    private static List<Long> keyframesEvery(MediaInfo m, int gop) {
        List<Long> t = new ArrayList<>();
        for (long f = 0; f < m.frameCount(); f += gop) {
            t.add(SegmentPlanner.frameTimeUs(m, f));
        }
        return t;
    }

    @Test
    void cutsSnapToTheNearestKeyframeAndStillPartitionEveryFrame() {
        MediaInfo m = cfr(25, 1, 1500); // 60 s at 25 fps, x264's default GOP of 250
        List<SegmentPlan> plans = SegmentPlanner.plan(m, 300, keyframesEvery(m, 250));
        assertThat(plans).extracting(SegmentPlan::expectedFrames).containsExactly(250L, 250L, 250L, 250L, 250L, 250L);
        for (int k = 1; k < plans.size(); k++) {
            assertThat(plans.get(k).startUs())
                    .isEqualTo(plans.get(k - 1).endUs())
                    .isEqualTo(SegmentPlanner.boundaryUs(m, 250L * k));
        }
        assertThat(plans.get(plans.size() - 1).endUs()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void withoutAKeyframeNearTheTargetTheCutStaysNominal() {
        MediaInfo m = cfr(30000, 1001, 10_883);
        List<SegmentPlan> plans = SegmentPlanner.plan(m, 300, List.of(SegmentPlanner.frameTimeUs(m, 0)));
        assertThat(plans).isEqualTo(SegmentPlanner.plan(m, 300));
    }

    @Test
    void variableFrameRateSourcesKeepEvenCuts() {
        MediaInfo vfr = info(59_940, 1000, true, 1001, 0, 2160, 3840, 90);
        assertThat(SegmentPlanner.plan(vfr, 300, keyframesEvery(vfr, 250))).isEqualTo(SegmentPlanner.plan(vfr, 300));
    }

    @Test
    void realClipPlansCoverEveryFrameOnKeyframes() {
        Path gopro = TestMedia.sample("timecode/gopro_max_h264_tmcd_gpmf.mp4");
        MediaInfo m = Probe.probe(gopro);
        List<Long> keyframes = Keyframes.of(gopro);
        assertThat(keyframes).isNotEmpty().first().isEqualTo(m.startUs());
        List<SegmentPlan> plans = SegmentPlanner.plan(m, 60, keyframes);
        assertThat(plans.stream().mapToLong(SegmentPlan::expectedFrames).sum()).isEqualTo(m.frameCount());
        for (SegmentPlan p : plans.subList(1, plans.size())) {
            long firstFrameUs = p.startUs() + Math.round(500_000.0 * m.fpsDen() / m.fpsNum());
            assertThat(keyframes)
                    .anySatisfy(k -> assertThat(Math.abs(k - firstFrameUs)).isLessThanOrEqualTo(2));
        }
    }
}
