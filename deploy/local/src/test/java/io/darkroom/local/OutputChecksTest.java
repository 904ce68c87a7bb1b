package io.darkroom.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.OutputSpec;
import io.darkroom.contracts.Preset;
import io.darkroom.contracts.SourceRef;
import io.darkroom.contracts.ops.Op;
import io.darkroom.media.qc.QcExpectation;
import io.darkroom.media.qc.QcReport;
import io.darkroom.recipe.geometry.Fit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client-side output check, against real media (a source checked as its own output, and a wrong file). */
class OutputChecksTest {
    static final Path MEDIA = RepoPaths.sampleMedia();
    static final String GOPRO = "timecode/gopro_max_h264_tmcd_gpmf.mp4";
    static final String ROADTRIP = "webm/vp9_profile2_10bit_roadtrip.webm";
    static final OutputSpec REVIEW = OutputSpec.of("review", "h264-review", 1280, 720);

    final OutputChecks checks = new OutputChecks(Map.of("media", MEDIA));

    static JobStatus.Clip clip(String name, String path) {
        return new JobStatus.Clip("c1", name, new SourceRef("media", path), "DONE", null, List.of());
    }

    @Test
    void aFileMatchingItsSourceAndBoxPasses() {
        // 848x480 fits 1280x720 as is (never upscaled); same frames, duration, codec, audio
        OutputChecks.Checked c = checks.checkOne(clip("gopro_max_h264_tmcd_gpmf", GOPRO), REVIEW, MEDIA.resolve(GOPRO));
        // only the pixel format tells the camera file from a real h264-review output (full-range yuvj420p)
        assertThat(c.problems()).containsExactly("pixel format yuvj420p, expected yuv420p");
        assertThat(c.expected().frames()).isEqualTo(315);
        assertThat(c.expected().width()).isEqualTo(848);
        assertThat(c.report().frames()).isEqualTo(315);
    }

    @Test
    void anUpscaledOutputIsScaleTimesThePictureInsideItsBox() {
        JobStatus.Clip roadtrip = clip("vp9_profile2_10bit_roadtrip", ROADTRIP);
        MediaInfo src = checks.source(roadtrip.source());
        OutputSpec master = OutputSpec.of("master", "prores-hq", 1920, 1080);
        assertThat(Op.upscaleFactor(List.of(Op.Upscale.of("esrgan-slim-x2", 2))))
                .isEqualTo(2);
        assertThat(Op.upscaleFactor(List.of(new Op.LanczosUpscale(3)))).isEqualTo(3);
        assertThat(Op.upscaleFactor(List.of())).isEqualTo(1);
        assertThat(OutputChecks.outputSize(src, master, 2)).isEqualTo(new Fit.Geometry(852, 480));
        assertThat(OutputChecks.outputSize(src, master, 1)).isEqualTo(new Fit.Geometry(426, 240));
        // a box smaller than the upscaled picture still bounds it
        assertThat(OutputChecks.outputSize(src, OutputSpec.of("m", "prores-hq", 640, 360), 2))
                .isEqualTo(new Fit.Geometry(640, 360));
        // the source checked as an upscaled output of itself: the size (and codec) are what is wrong
        OutputChecks.Checked c =
                checks.checkOne(roadtrip, master, List.of(Op.Upscale.of("esrgan-slim-x2", 2)), MEDIA.resolve(ROADTRIP));
        assertThat(c.expected().width()).isEqualTo(852);
        assertThat(c.expected().height()).isEqualTo(480);
        assertThat(c.expected().frames()).isEqualTo(72);
        assertThat(String.join("\n", c.problems())).contains("852x480").contains("expected prores");
    }

    @Test
    void aWrongFileIsReportedWithEveryProblem() {
        Path wrong = MEDIA.resolve("webm/vp9_profile2_10bit_roadtrip.webm");
        OutputChecks.Checked c = checks.checkOne(clip("gopro_max_h264_tmcd_gpmf", GOPRO), REVIEW, wrong);
        assertThat(c.passed()).isFalse();
        assertThat(String.join("\n", c.problems()))
                .contains("file name does not contain the clip name")
                .containsPattern("frame count \\d+, expected 315")
                .contains("codec vp9, expected h264")
                .contains("audio streams 0");
    }

    @Test
    void aMissingFileAndAMissingOutputAreProblems() {
        JobStatus.Clip withOutput = new JobStatus.Clip(
                "c1",
                "gopro",
                new SourceRef("media", GOPRO),
                "DONE",
                null,
                List.of(new JobStatus.Output("review", "h264-review", "/nonexistent/gopro_review.mp4", null)));
        JobStatus.Clip withoutOutput = clip("other", GOPRO);
        JobStatus job = new JobStatus(
                "j", "n", "SUCCEEDED", null, 50, null, List.of(withOutput, withoutOutput), List.of(), 0, List.of());
        OutputChecks.Result r = checks.check(job, List.of(REVIEW));
        assertThat(r.passed()).isFalse();
        assertThat(r.problems())
                .anyMatch(p -> p.contains("file does not exist"))
                .anyMatch(p -> p.equals("other: no output review reported"));
    }

    @Test
    void geometryMustStayInTheBoxAndKeepTheDisplayAspect() {
        MediaInfo portrait4k = new MediaInfo(
                "mov", "h264", 3840, 2160, 90, 2160, 3840, "yuv420p", 60, 1, true, 18, 0, 300_000, 1, 2, "aac", null, 1,
                null, null, null, null, null, null, false, null, null, false);
        assertThat(OutputChecks.geometryProblems(portrait4k, REVIEW, report(406, 720)))
                .isEmpty();
        assertThat(OutputChecks.geometryProblems(portrait4k, REVIEW, report(720, 406)))
                .anyMatch(p -> p.startsWith("aspect ratio"));
        assertThat(OutputChecks.geometryProblems(portrait4k, REVIEW, report(720, 1280)))
                .anyMatch(p -> p.contains("outside the box"));
    }

    static QcReport report(int w, int h) {
        return new QcReport(true, List.of(), 18, 300_000, "h264", w, h, 1);
    }

    @Test
    void editorialOutputsMustCarryTheSourceTimecodeAndEveryChannel() {
        MediaInfo src = checks.source(new SourceRef("media", GOPRO));
        OutputSpec editorial =
                OutputSpec.of("editorial", "prores-proxy", 640, 360).withOps(List.of());
        QcExpectation exp = OutputChecks.expectation(src, editorial, Preset.PRORES_PROXY, Fit.fit(src, 640, 360));
        assertThat(exp.timecode()).isEqualTo("15:44:35:10");
        assertThat(exp.pixelFormat()).isEqualTo("yuv422p10le");
        assertThat(exp.audioChannels()).isEqualTo(src.audioChannels());
        QcExpectation review = OutputChecks.expectation(src, REVIEW, Preset.H264_REVIEW, Fit.fit(src, 1280, 720));
        assertThat(review.timecode()).isNull();
        assertThat(review.audioChannels()).isEqualTo(Math.min(2, src.audioChannels()));
    }

    @Test
    void artifactsMustExistAndTheAleMustNameEveryFinishedClip(@TempDir Path dir) throws Exception {
        Path ale = Files.writeString(dir.resolve("day.ale"), "Heading\nColumn\nName\nData\ngopro\t15:44:35:10\n");
        Path sheet = Files.write(dir.resolve("sheet.jpg"), new byte[] {1, 2, 3});
        JobStatus.Clip gopro = clip("gopro", GOPRO);
        JobStatus.Clip phone =
                new JobStatus.Clip("c2", "phone", new SourceRef("media", GOPRO), "DONE", null, List.of());
        JobStatus job = new JobStatus(
                "j",
                "n",
                "SUCCEEDED",
                null,
                50,
                null,
                List.of(gopro, phone),
                List.of(),
                0,
                List.of(),
                List.of(
                        new JobStatus.Artifact("ale", ale.toString(), null),
                        new JobStatus.Artifact("contactSheet", sheet.toString(), null),
                        new JobStatus.Artifact(
                                "poster", dir.resolve("missing.jpg").toString(), "gopro")));

        List<String> problems = OutputChecks.checkArtifacts(job, true);

        assertThat(problems)
                .anyMatch(p -> p.contains("clip phone is not listed"))
                .anyMatch(p -> p.contains("missing.jpg: missing or empty"))
                .anyMatch(p -> p.contains("1 posters for 2 finished clips"))
                .noneMatch(p -> p.contains("clip gopro"))
                .noneMatch(p -> p.contains("contact sheet"));
        assertThat(OutputChecks.checkArtifacts(
                        new JobStatus("j", "n", "SUCCEEDED", null, 50, null, List.of(), List.of(), 0, List.of()), true))
                .anyMatch(p -> p.contains("no ALE"));
    }
}
