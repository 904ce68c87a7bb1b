package io.darkroom.media.plan;

import static io.darkroom.media.TestMedia.cfr;
import static io.darkroom.media.TestMedia.info;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.darkroom.contracts.MediaInfo;
import io.darkroom.media.Probe;
import io.darkroom.media.TestMedia;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SegmentPlannerTest {

    @ParameterizedTest(name = "{0}/{1} fps, {2} frames, N={3}")
    @CsvSource({
        "24000, 1001, 1000, 48",
        "30000, 1001, 10883, 300",
        "25, 1, 250, 100",
        "30, 1, 10883, 300",
        "60000, 1001, 7, 1",
        "30, 1, 5, 300"
    })
    void segmentsPartitionTheFramesExactly(int num, int den, long frames, int n) {
        MediaInfo m = cfr(num, den, frames);
        List<SegmentPlan> plans = SegmentPlanner.plan(m, n);

        assertThat(plans).hasSize((int) ((frames + n - 1) / n));
        assertThat(plans.stream().mapToLong(SegmentPlan::expectedFrames).sum()).isEqualTo(frames);
        assertThat(plans.get(plans.size() - 1).endUs()).isEqualTo(Long.MAX_VALUE);
        for (int k = 0; k < plans.size(); k++) {
            assertThat(plans.get(k).index()).isEqualTo(k);
            if (k > 0) {
                assertThat(plans.get(k).startUs()).isEqualTo(plans.get(k - 1).endUs());
            }
        }
        // every nominal frame time lands in exactly one segment, and the right number land in each
        long[] counted = new long[plans.size()];
        for (long f = 0; f < frames; f++) {
            long t = exactFrameTimeUs(num, den, f);
            int owner = -1;
            for (SegmentPlan p : plans) {
                if (p.contains(t)) {
                    assertThat(owner).as("frame %d in two segments", f).isEqualTo(-1);
                    owner = p.index();
                }
            }
            assertThat(owner).as("frame %d in no segment", f).isEqualTo((int) (f / n));
            counted[owner]++;
        }
        for (SegmentPlan p : plans) {
            assertThat(counted[p.index()]).isEqualTo(p.expectedFrames());
        }
    }

    @ParameterizedTest(name = "{0}/{1} fps")
    @CsvSource({"24000, 1001", "30000, 1001", "25, 1", "30, 1"})
    void boundariesFallHalfAFrameBeforeNominalFrameTimes(int num, int den) {
        long startUs = 1_234_567;
        MediaInfo m = info(num, den, false, 1000, startUs, 1920, 1080, 0);
        List<SegmentPlan> plans = SegmentPlanner.plan(m, 100);
        BigDecimal frameUs =
                BigDecimal.valueOf(1_000_000L * den).divide(BigDecimal.valueOf(num), MathContext.DECIMAL128);

        for (SegmentPlan p : plans) {
            BigDecimal exact = BigDecimal.valueOf(startUs)
                    .add(frameUs.multiply(BigDecimal.valueOf(p.index() * 100L).subtract(new BigDecimal("0.5"))));
            assertThat(BigDecimal.valueOf(p.startUs()).subtract(exact).abs())
                    .isLessThanOrEqualTo(new BigDecimal("0.500001"));
            // the first frame of the segment is half a frame (rounded) after the boundary
            long first = exactFrameTimeUs(num, den, p.index() * 100L) + startUs;
            assertThat(first - p.startUs()).isBetween(frameUs.longValue() / 2 - 1, frameUs.longValue() / 2 + 1);
        }
        assertThat(plans.get(0).startUs()).isLessThan(startUs);
    }

    @Test
    void frameMathAt23976() {
        MediaInfo m = cfr(24000, 1001, 48);
        List<SegmentPlan> plans = SegmentPlanner.plan(m, 24);
        // frame duration 41708.333 us: boundary before frame 24 = 23.5 * 41708.333 = 980145.83 -> 980146
        assertThat(plans.get(0).startUs()).isEqualTo(-20854); // -20854.1666
        assertThat(plans.get(1).startUs()).isEqualTo(980_146);
        assertThat(plans).extracting(SegmentPlan::expectedFrames).containsExactly(24L, 24L);
    }

    @Test
    void frameMathAt25And30() {
        assertThat(SegmentPlanner.plan(cfr(25, 1, 100), 50).get(1).startUs()).isEqualTo(1_980_000);
        assertThat(SegmentPlanner.plan(cfr(30, 1, 100), 30).get(1).startUs()).isEqualTo(983_333); // 29.5 / 30 s
        assertThat(SegmentPlanner.plan(cfr(25, 1, 100), 50).get(0).startUs()).isEqualTo(-20_000);
    }

    @Test
    void longClipAt30fpsGives37SegmentsWithRemainderLast() {
        List<SegmentPlan> plans = SegmentPlanner.plan(cfr(30, 1, 10_883), 300);

        assertThat(plans).hasSize(37);
        assertThat(plans.get(36).expectedFrames()).isEqualTo(83);
        assertThat(plans.get(36).startUs()).isEqualTo(359_983_333); // (10800 - 0.5) / 30 s
        assertThat(plans.subList(0, 36)).allMatch(p -> p.expectedFrames() == 300);
    }

    @Test
    void noDriftAtFrame10882At2997() {
        MediaInfo m = cfr(30000, 1001, 10_883);
        List<SegmentPlan> plans = SegmentPlanner.plan(m, 1);

        // exact: (10882 - 0.5) * 1e6 * 1001 / 30000 = 363079383.33 -> 363079383
        assertThat(plans.get(10_882).startUs()).isEqualTo(363_079_383L);
        assertThat(SegmentPlanner.frameTimeUs(m, 10_882)).isEqualTo(363_096_067L); // 363096066.67
        // a naive running sum of a rounded frame duration would be off by tens of microseconds here
        long naive = 0;
        for (int f = 0; f < 10_882; f++) {
            naive += Math.round(1_001_000_000.0 / 30_000); // 33367 us, 1/3 us too long
        }
        assertThat(Math.abs(naive - SegmentPlanner.frameTimeUs(m, 10_882))).isGreaterThan(1000);
        assertThat(plans.get(10_882).contains(SegmentPlanner.frameTimeUs(m, 10_882)))
                .isTrue();
        assertThat(plans.get(10_881).contains(SegmentPlanner.frameTimeUs(m, 10_882)))
                .isFalse();
    }

    @Test
    void variableFrameRateCountsAreNominalWithRemainderLast() {
        MediaInfo vfr = info(59_940, 1000, true, 1001, 0, 2160, 3840, 90);
        List<SegmentPlan> plans = SegmentPlanner.plan(vfr, 300);

        assertThat(plans).extracting(SegmentPlan::expectedFrames).containsExactly(300L, 300L, 300L, 101L);
        assertThat(plans.get(1).startUs()).isEqualTo(SegmentPlanner.boundaryUs(vfr, 300));
        assertThat(plans.get(3).endUs()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void realLongClipPlansTo37Segments() {
        MediaInfo m = Probe.probe(TestMedia.sample("generated/h264_1080p30_6min_black_aac.mp4"));

        List<SegmentPlan> plans = SegmentPlanner.plan(m, 300);

        assertThat(m.frameCount()).isEqualTo(10_883);
        assertThat(plans).hasSize(37);
        assertThat(plans.stream().mapToLong(SegmentPlan::expectedFrames).sum()).isEqualTo(10_883);
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> SegmentPlanner.plan(cfr(30, 1, 10), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("segmentFrames")
                .hasMessageContaining("0");
        assertThatThrownBy(() -> SegmentPlanner.plan(cfr(30, 1, 10), -5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-5");
        assertThatThrownBy(() -> SegmentPlanner.plan(cfr(30, 1, 0), 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("frameCount 0");
        assertThatThrownBy(() -> SegmentPlanner.plan(cfr(0, 0, 10), 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0/0");
    }

    /** round(f * 1e6 * den / num), exactly, half up. */
    private static long exactFrameTimeUs(int num, int den, long f) {
        return BigDecimal.valueOf(f * 1_000_000L * den)
                .divide(BigDecimal.valueOf(num), 0, RoundingMode.HALF_UP)
                .longValueExact();
    }
}
