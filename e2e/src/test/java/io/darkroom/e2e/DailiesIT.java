package io.darkroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.darkroom.contracts.Json;
import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.OutputSpec;
import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.ops.Op;
import io.darkroom.local.JobStatus;
import io.darkroom.local.OutputChecks;
import io.darkroom.local.RepoPaths;
import io.darkroom.local.Stack;
import io.darkroom.media.Ffmpeg;
import io.darkroom.media.Probe;
import io.darkroom.media.qc.OutputVerifier;
import io.darkroom.media.qc.QualityComparison;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Dailies on every video clip of the repository's {@code samples/media} (all but the corrupt one and the
 * six-minute one): a burnt-in, graded {@code h264-review} and a clean {@code prores-proxy} per clip. Checks, besides
 * process-service's own QC (every clip DONE, every output's QC passed) and the client-side checks (frames,
 * duration, codec, size, audio channels, pixel format, editorial start timecode): the GoPro clip's editorial output
 * starts at 15:44:35:10 in its tmcd track and its review burn-in shows 15:44:35:10 on frame 0, the rotated phone
 * clips come out upright, the VFR clips come out constant-rate with the right duration.
 */
@ExtendWith(StackExtension.class)
class DailiesIT {
    static final String GOPRO = "timecode/gopro_max_h264_tmcd_gpmf.mp4";
    static final String GOPRO_TC = "15:44:35:10";
    static final String ANDROID = "phone/android12_h264_4k60_rot-90_vfr.mp4";
    static final String IPHONE = "phone/iphone14pro_hevc_main10_dolbyvision_hlg_rot-90.mov";
    static final String CHROME = "webm/chrome_mediarecorder_vp9_alpha_opus_noduration_vfr.webm";
    static final List<String> CLIPS = List.of(
            GOPRO,
            ANDROID,
            IPHONE,
            CHROME,
            "webm/vp9_profile2_10bit_roadtrip.webm",
            "av1/av1_main10_hdr10_pq_portrait.mp4",
            "generated/prores_proxy_64x64_24fps_100f.mov");
    static final List<String> VFR = List.of(ANDROID, CHROME);
    static final String FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

    static final OutputSpec REVIEW = OutputSpec.of("review", "h264-review", 640, 360);
    static final OutputSpec EDITORIAL =
            OutputSpec.of("editorial", "prores-proxy", 320, 180).withOps(List.of());
    static final Recipe DAILIES = Recipe.of(List.of(REVIEW, EDITORIAL))
            .withSegmentFrames(60)
            .withOps(List.of(
                    new Op.Lut3d(Jobs.media("luts/colour-science_LogC_Video_1Dshaper+3D.cube")),
                    new Op.BurnIn("{tc}", Op.Position.BOTTOM_LEFT, 5.0, true, 1.0),
                    new Op.BurnIn("{clip}", Op.Position.TOP_LEFT, 5.0, true, 1.0),
                    new Op.BurnIn("{frame}", Op.Position.BOTTOM_RIGHT, 5.0, true, 1.0),
                    new Op.Watermark("FOR REVIEW – {show}", 0.3, Op.Position.CENTRE, 8.0)))
            .withShow("E2E Dailies");

    /** The burn-in job: only the timecode on a near-lossless review (CRF 4), and the same review without it. */
    static final double TC_SIZE = 8.0;

    static final OutputSpec TC_ONLY = OutputSpec.of("tc", "h264-review", 640, 360)
            .withCrf(4)
            .withOps(List.of(new Op.BurnIn("{tc}", Op.Position.BOTTOM_LEFT, TC_SIZE, true, 1.0)));
    static final OutputSpec CLEAN =
            OutputSpec.of("clean", "h264-review", 640, 360).withCrf(4).withOps(List.of());
    static final Recipe BURN_IN = Recipe.of(List.of(TC_ONLY, CLEAN)).withSegmentFrames(100);

    static Stack stack;
    static Jobs jobs;

    @BeforeAll
    static void setUp(Stack s) {
        stack = s;
        jobs = new Jobs(s);
    }

    @Test
    void everyClipThroughATwoOutputDailiesRecipe() throws IOException {
        String jobId =
                jobs.submit("e2e dailies ops", CLIPS.stream().map(Jobs::media).toList(), DAILIES);

        JobStatus job = jobs.awaitTerminal(jobId, Duration.ofMinutes(10));

        assertThat(job.state()).as(Jobs.describe(job)).isEqualTo("SUCCEEDED");
        assertThat(job.clips()).hasSize(CLIPS.size()).allSatisfy(c -> {
            assertThat(c.state()).as(c.name() + ": " + c.reason()).isEqualTo("DONE");
            assertThat(c.outputs()).hasSize(2).allSatisfy(o -> assertThat(
                            o.qc().path("passed").asBoolean())
                    .as(c.name() + "/" + o.name() + " QC " + o.qc())
                    .isTrue());
        });
        OutputChecks checks = new OutputChecks(stack.infra().storageRoots());
        OutputChecks.Result result = checks.check(job, DAILIES.outputs());
        assertThat(result.problems()).as("client-side output checks").isEmpty();
        assertThat(result.outputs()).hasSize(2 * CLIPS.size());
        for (OutputChecks.Checked c : result.outputs()) {
            assertThat(decodedFrames(c.path()))
                    .as("decodes: " + c.path())
                    .isEqualTo(c.expected().frames());
        }

        OutputChecks.Checked goproEditorial = checked(result, job, GOPRO, "editorial");
        assertThat(goproEditorial.report().timecode()).isEqualTo(GOPRO_TC);
        assertThat(Probe.probe(goproEditorial.path()).timecode()).isEqualTo(GOPRO_TC);

        for (String phone : List.of(ANDROID, IPHONE)) {
            for (String output : List.of("review", "editorial")) {
                MediaInfo m = Probe.probe(checked(result, job, phone, output).path());
                assertThat(m.rotation()).as(phone + " " + output + " rotation").isZero();
                assertThat(m.height())
                        .as(phone + " " + output + " portrait " + m.width() + "x" + m.height())
                        .isGreaterThan(m.width());
            }
        }

        for (String vfr : VFR) {
            for (String output : List.of("review", "editorial")) {
                assertConstantRate(checked(result, job, vfr, output).path());
            }
        }
    }

    @Test
    void theGoproReviewBurnsInItsSourceTimecodeOnFrameZero() throws IOException {
        String jobId = jobs.submit("e2e dailies burn-in", List.of(Jobs.media(GOPRO)), BURN_IN);

        JobStatus job = jobs.awaitTerminal(jobId, Duration.ofMinutes(5));

        assertThat(job.state()).as(Jobs.describe(job)).isEqualTo("SUCCEEDED");
        OutputChecks.Result result = new OutputChecks(stack.infra().storageRoots()).check(job, BURN_IN.outputs());
        assertThat(result.problems()).isEmpty();
        Path burnt = checked(result, job, GOPRO, "tc").path();
        Path clean = checked(result, job, GOPRO, "clean").path();
        int h = Probe.probe(burnt).height();
        Path dir = Files.createDirectories(RepoPaths.repoRoot().resolve("e2e/target/dailies-burnin-" + jobId));

        // the same drawtext the worker uses (render-core FilterGraphBuilder.text), drawn by the ffmpeg CLI on the
        // clean output's frame 0 with the literal text; then the text's corner of both frames is compared
        String crop = cropOfBottomLeftText(h);
        Path actual = frame0(burnt, crop, null, dir.resolve("actual.mkv"));
        Path expected = frame0(clean, crop, GOPRO_TC, dir.resolve("expected.mkv"));
        Path wrong = frame0(clean, crop, "15:44:35:11", dir.resolve("wrong.mkv"));
        Path none = frame0(clean, crop, null, dir.resolve("none.mkv"));

        QualityComparison match = OutputVerifier.compare(actual, expected);
        QualityComparison offByOne = OutputVerifier.compare(actual, wrong);
        QualityComparison noText = OutputVerifier.compare(actual, none);

        assertThat(match.psnr())
                .as("frame 0 text vs drawtext '" + GOPRO_TC + "'")
                .isGreaterThan(30);
        // the comparison tells one frame of timecode apart, and the text is really there
        assertThat(offByOne.psnr()).as("vs '15:44:35:11'").isLessThan(match.psnr() - 3);
        assertThat(noText.psnr()).as("vs no text").isLessThan(match.psnr() - 6);
    }

    /** Frame 0 of a file, cropped, optionally with a drawtext of {@code text} first, as lossless FFV1. */
    private static Path frame0(Path file, String crop, String text, Path out) throws IOException {
        String vf = crop;
        if (text != null) {
            Path textFile = Files.writeString(out.resolveSibling(out.getFileName() + ".txt"), text);
            int h = Probe.probe(file).height();
            int fontSize = Math.max(6, (int) Math.round(h * TC_SIZE / 100));
            int margin = Math.max(2, (int) Math.round(h * 0.02));
            String drawtext = "drawtext=fontfile=" + FONT + ":textfile=" + textFile + ":expansion=none"
                    + ":fontsize=" + fontSize + ":fontcolor=white:alpha=1.0000"
                    + ":x=" + margin + ":y=h-text_h-" + margin + ":line_spacing=" + Math.max(1, fontSize / 5)
                    + ":box=1:boxcolor=black@0.5:boxborderw=" + Math.max(1, fontSize / 4);
            vf = drawtext + "," + crop;
        }
        Ffmpeg.Result r = Ffmpeg.ffmpeg(
                List.of(
                        "-y",
                        "-v",
                        "error",
                        "-i",
                        file.toString(),
                        "-frames:v",
                        "1",
                        "-vf",
                        vf,
                        "-c:v",
                        "ffv1",
                        out.toString()),
                Duration.ofMinutes(1));
        assertThat(r.ok()).as("ffmpeg " + vf + ": " + r.stderrTail()).isTrue();
        return out;
    }

    /** The bottom-left corner that holds the timecode text and its box (11 characters). */
    private static String cropOfBottomLeftText(int h) {
        int fontSize = Math.max(6, (int) Math.round(h * TC_SIZE / 100));
        int cw = fontSize * 8;
        int ch = fontSize * 2;
        return String.format(Locale.ROOT, "crop=%d:%d:0:ih-%d", cw + cw % 2, ch + ch % 2, ch + ch % 2);
    }

    /** r_frame_rate equals avg_frame_rate, and the duration is frames / rate within one frame. */
    private static void assertConstantRate(Path file) throws IOException {
        Ffmpeg.Result r = Ffmpeg.ffprobe(
                List.of(
                        "-v",
                        "error",
                        "-select_streams",
                        "v:0",
                        "-count_frames",
                        "-show_entries",
                        "stream=r_frame_rate,avg_frame_rate,nb_read_frames,duration",
                        "-of",
                        "json",
                        file.toString()),
                Duration.ofMinutes(2));
        assertThat(r.ok()).as(r.stderrTail()).isTrue();
        JsonNode s = Json.mapper().readTree(r.stdout()).path("streams").get(0);
        String rate = s.path("r_frame_rate").asText();
        assertThat(s.path("avg_frame_rate").asText())
                .as(file + " constant rate")
                .isEqualTo(rate);
        String[] nd = rate.split("/");
        double fps = Double.parseDouble(nd[0]) / Double.parseDouble(nd[1]);
        long frames = s.path("nb_read_frames").asLong();
        double expected = frames / fps;
        double duration = Probe.probe(file).durationUs() / 1e6;
        assertThat(duration)
                .as(file + ": " + frames + " frames at " + rate)
                .isCloseTo(expected, org.assertj.core.data.Offset.offset(1 / fps + 1e-6));
    }

    private static long decodedFrames(Path file) {
        Ffmpeg.Result r = Ffmpeg.ffmpeg(
                List.of("-v", "error", "-i", file.toString(), "-map", "0:v:0", "-f", "framemd5", "-"),
                Duration.ofMinutes(5));
        assertThat(r.ok()).as("decoding " + file + ": " + r.stderrTail()).isTrue();
        return r.stdout()
                .lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .count();
    }

    private static OutputChecks.Checked checked(
            OutputChecks.Result result, JobStatus job, String source, String output) {
        String clip = job.clips().stream()
                .filter(c -> c.source().path().equals(source))
                .findFirst()
                .orElseThrow()
                .name();
        return result.outputs().stream()
                .filter(c -> c.clip().equals(clip) && c.output().equals(output))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no checked output " + output + " of " + source));
    }
}
