package io.darkroom.process.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.Preset;
import io.darkroom.contracts.RenderTask.RenderOutput;
import io.darkroom.media.qc.QcExpectation;
import io.darkroom.media.qc.QcReport;
import java.util.List;
import org.junit.jupiter.api.Test;

class AssemblyRulesTest {
    private static final MediaInfo GOPRO = new MediaInfo(
            "mov",
            "h264",
            848,
            480,
            0,
            848,
            480,
            "yuvj420p",
            30000,
            1001,
            false,
            315,
            0,
            10_510_500,
            1,
            6,
            "aac",
            "15:44:35:10",
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
            false);

    @Test
    void everyOutputChecksChannelsAndPixelFormatEditorialOnesAlsoTheTimecode() {
        RenderOutput out = RenderOutput.of("proxy", "prores-proxy", 848, 480);
        QcExpectation e = OutputQc.expectation(GOPRO, Preset.PRORES_PROXY, out);
        assertThat(e.timecode()).isEqualTo("15:44:35:10");
        assertThat(e.audioChannels()).as("every source channel").isEqualTo(6);
        assertThat(e.pixelFormat()).isEqualTo("yuv422p10le");
        assertThat(e.frames()).isEqualTo(315);

        QcExpectation review =
                OutputQc.expectation(GOPRO, Preset.H264_REVIEW, RenderOutput.of("review", "h264-review", 848, 480));
        assertThat(review.timecode()).isNull();
        assertThat(review.audioChannels()).as("stereo mixdown").isEqualTo(2);
        assertThat(review.pixelFormat()).isEqualTo(Preset.H264_REVIEW.pixelFormat());
        assertThat(review.durationUs())
                .as("315 frames at 30000/1001, not the container's duration")
                .isEqualTo(315L * 1001 * 1_000_000 / 30000);

        MediaInfo silentNoTc = new MediaInfo(
                "mov",
                "prores",
                64,
                64,
                0,
                64,
                64,
                "yuv422p10le",
                24,
                1,
                false,
                100,
                0,
                4_166_667,
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
                false);
        QcExpectation e2 = OutputQc.expectation(silentNoTc, Preset.DNXHR_LB, out);
        assertThat(e2.timecode()).isNull();
        assertThat(e2.audioChannels()).isZero();
        assertThat(e2.audio()).isFalse();
        assertThat(e2.pixelFormat()).isEqualTo("yuv422p");
    }

    @Test
    void qcIsHeldToWhatTheSegmentsDecodedAndThatToTheSourcesDecodablePictures() {
        RenderOutput out = RenderOutput.of("review", "h264-review", 848, 480);
        QcExpectation e = OutputQc.expectation(GOPRO, Preset.H264_REVIEW, out, 314L);
        assertThat(e.frames()).isEqualTo(314);
        assertThat(e.durationUs()).isEqualTo(314L * 1001 * 1_000_000 / 30000);
        assertThat(OutputQc.expectation(GOPRO, Preset.H264_REVIEW, out, null).frames())
                .isEqualTo(315);

        QcReport passed = new QcReport(true, List.of(), 314, 0, "h264", 848, 480, 1, null, 2);
        QcReport short1 = OutputQc.withSegmentCheck(GOPRO, 314L, passed);
        assertThat(short1.passed()).isFalse();
        assertThat(short1.problems()).containsExactly("segments decoded 314 pictures, the source has 315 decodable");
        assertThat(OutputQc.withSegmentCheck(GOPRO, 315L, passed)).isSameAs(passed);
        assertThat(OutputQc.withSegmentCheck(GOPRO, null, passed)).isSameAs(passed);
    }

    @Test
    void aDamagedSourceIsRefusedUnderFailWithAReasonNamingTheSource() {
        MediaInfo damaged = GOPRO.withDecodablePictures(
                310, 0, 10_343_333, List.of("source: 5 leading packets undecodable (starts mid-GOP)"));
        io.darkroom.contracts.Recipe fail =
                new io.darkroom.contracts.Recipe(List.of(), null, null, null, null, null, null, null, null, "fail");
        assertThat(SubmissionService.refusesDamaged(fail, damaged)).isTrue();
        assertThat(SubmissionService.refusesDamaged(fail, GOPRO)).isFalse();
        assertThat(SubmissionService.refusesDamaged(io.darkroom.contracts.Recipe.of(List.of()), damaged))
                .as("salvage by default")
                .isFalse();
        String reason = SubmissionService.damagedSourceReason(new io.darkroom.contracts.JobSubmitted.ProbedSource(
                "A001", new io.darkroom.contracts.SourceRef("media", "day1/A001.ts"), damaged));
        assertThat(reason)
                .isEqualTo("source day1/A001.ts is damaged (source: 5 leading packets undecodable"
                        + " (starts mid-GOP)) and the recipe says damagedSource: fail");
    }

    @Test
    void audioIsLookedUpByPresetNotByOutputName() {
        List<RenderOutput> outs = List.of(
                RenderOutput.of("review", "h264-review", 2, 2),
                RenderOutput.of("proxy", "prores-proxy", 2, 2),
                RenderOutput.of("proxy-lut", "prores-proxy", 2, 2));
        assertThat(AssemblyService.audioFileOutput(outs, outs.get(2))).isEqualTo("proxy");
        assertThat(AssemblyService.audioFileOutput(outs, outs.get(1))).isEqualTo("proxy");
        assertThat(AssemblyService.audioFileOutput(outs, outs.get(0))).isEqualTo("review");
    }

    @Test
    void reelNameIsTheClipNameOnOneLine() {
        assertThat(OutputNames.reelName("A001\nC002")).isEqualTo("A001 C002");
        assertThat(OutputNames.reelName(" ")).isEqualTo("clip");
    }
}
