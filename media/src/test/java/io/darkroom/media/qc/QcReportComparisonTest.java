package io.darkroom.media.qc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class QcReportComparisonTest {
    private final QcReport passed = new QcReport(true, List.of(), 315, 10_510_500, "h264", 848, 480, 1);

    @Test
    void closeEnoughKeepsThePassAndRecordsTheNumbers() {
        QcReport r = passed.withComparison(new QualityComparison(41.5, 0.987), 35.0, 0.95);
        assertThat(r.passed()).isTrue();
        assertThat(r.psnr()).isEqualTo(41.5);
        assertThat(r.ssim()).isEqualTo(0.987);
    }

    @Test
    void belowAThresholdFailsNamingMeasuredAndExpected() {
        QcReport r = passed.withComparison(new QualityComparison(28.25, 0.91), 35.0, 0.95);
        assertThat(r.passed()).isFalse();
        assertThat(r.problems())
                .containsExactly(
                        "PSNR 28.25 dB against the reference, expected at least 35.00 dB",
                        "SSIM 0.9100 against the reference, expected at least 0.9500");
    }

    @Test
    void withoutThresholdsOnlyMeasures() {
        QcReport r = passed.withComparison(new QualityComparison(12.0, 0.2), null, null);
        assertThat(r.passed()).isTrue();
        assertThat(r.psnr()).isEqualTo(12.0);
    }

    @Test
    void identicalOutputsPassAnyThreshold() {
        QcReport r = passed.withComparison(new QualityComparison(Double.POSITIVE_INFINITY, 1.0), 99.0, 1.0);
        assertThat(r.passed()).isTrue();
    }

    @Test
    void earlierProblemsStay() {
        QcReport failed = new QcReport(false, List.of("frame count 314, expected 315"), 314, 0, "h264", 848, 480, 1);
        QcReport r = failed.withComparison(new QualityComparison(50, 1), 35.0, null);
        assertThat(r.passed()).isFalse();
        assertThat(r.problems()).containsExactly("frame count 314, expected 315");
    }
}
