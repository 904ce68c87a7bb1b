package io.darkroom.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.darkroom.contracts.FailureReason;
import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.Preset;
import io.darkroom.contracts.RenderTask;
import io.darkroom.contracts.TaskEvent;
import io.darkroom.media.Ffmpeg;
import io.darkroom.media.assembly.AssemblyRequest;
import io.darkroom.media.assembly.SegmentAssembler;
import io.darkroom.media.plan.SegmentPlan;
import io.darkroom.media.plan.SegmentPlanner;
import io.darkroom.media.qc.OutputVerifier;
import io.darkroom.media.qc.QcExpectation;
import io.darkroom.media.qc.QcReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GoPro clip (315 frames, 29.97, tmcd 15:44:35:10, stereo AAC) in two segments, each ONE task writing
 * h264-review + prores-proxy + dnxhr-lb from one decode, plus one AUDIO task; assembled by stream copy and checked
 * with ffprobe and QC.
 */
class EditorialPresetsTest {
    private static final String TC = "15:44:35:10";
    private static final int W = 424;
    private static final int H = 240;

    @TempDir
    Path temp;

    @Test
    void oneDecodeWritesReviewProresAndDnxhrThatAssembleWithTimecodeAndAudio() throws Exception {
        RenderFixtures fx = new RenderFixtures(temp);
        MediaInfo info = RenderFixtures.probe(RenderFixtures.GOPRO);
        assertThat(info.timecode()).isEqualTo(TC);
        List<RenderTask.RenderOutput> outputs = List.of(
                RenderFixtures.output("review", "h264-review", W, H),
                RenderFixtures.output("proxy", "prores-proxy", W, H),
                RenderFixtures.output("offline", "dnxhr-lb", W, H));
        JavacvTaskRenderer renderer = new JavacvTaskRenderer(fx.roots);

        List<SegmentPlan> plan = SegmentPlanner.plan(info, 160);
        assertThat(plan).hasSize(2);
        Map<String, List<Path>> segments = new LinkedHashMap<>();
        for (SegmentPlan seg : plan) {
            RenderTask task = RenderFixtures.video(
                    RenderFixtures.GOPRO,
                    info,
                    seg.index(),
                    seg.startUs(),
                    seg.endUs(),
                    seg.expectedFrames(),
                    "ed",
                    outputs);
            List<TaskEvent.SegmentFile> files = renderer.render(task, RenderFixtures.context());
            assertThat(files).extracting(TaskEvent.SegmentFile::output).containsExactly("review", "proxy", "offline");
            assertThat(files).allSatisfy(f -> assertThat(f.frames()).isEqualTo(seg.expectedFrames()));
            assertThat(files.get(0).file().path()).endsWith(".mp4");
            assertThat(files.get(1).file().path()).endsWith(".mov");
            assertThat(files.get(2).file().path()).endsWith(".mov");
            for (TaskEvent.SegmentFile f : files) {
                segments.computeIfAbsent(f.output(), k -> new ArrayList<>()).add(fx.file(f.file()));
            }
        }
        // intra-only codecs: every frame of every editorial segment is a keyframe
        assertThat(keyframes(segments.get("proxy").get(1)))
                .isEqualTo(plan.get(1).expectedFrames());
        assertThat(keyframes(segments.get("offline").get(0)))
                .isEqualTo(plan.get(0).expectedFrames());

        List<TaskEvent.SegmentFile> audio =
                renderer.render(RenderFixtures.audio(RenderFixtures.GOPRO, "ed", outputs), RenderFixtures.context());
        assertThat(audio).extracting(TaskEvent.SegmentFile::output).containsExactly("review", "proxy", "offline");
        assertThat(audio.get(0).file().path()).endsWith(".m4a");
        assertThat(audio.get(1).file().path()).endsWith(".mka");

        List<Path> finals = new ArrayList<>();
        long durationUs = info.frameCount() * info.fpsDen() * 1_000_000L / info.fpsNum();
        for (int i = 0; i < outputs.size(); i++) {
            RenderTask.RenderOutput out = outputs.get(i);
            Preset preset = Preset.byId(out.preset()).orElseThrow();
            Path target = temp.resolve("GOPRO_" + out.name() + "." + preset.extension());
            AssemblyRequest req = new AssemblyRequest(
                    segments.get(out.name()),
                    fx.file(audio.get(i).file()),
                    target,
                    preset,
                    info.timecode(),
                    Map.of("title", "gopro_max"));
            SegmentAssembler.assemble(preset.editorial() ? req.withReelName("GOPRO_MAX") : req);

            String video = probe(target, "v:0", "stream=codec_name,profile,pix_fmt,width,height,nb_read_frames");
            assertThat(video)
                    .isEqualTo(String.join(
                            ",",
                            preset.codecName(),
                            preset.probeProfile(),
                            "" + W,
                            "" + H,
                            preset.pixelFormat(),
                            "" + info.frameCount()));
            String sound = probe(target, "a:0", "stream=codec_name,channels");
            int channels = preset.audioChannels().outputChannels(info.audioChannels());
            assertThat(sound).isEqualTo((preset.audioEncoder().equals("aac") ? "aac" : "pcm_s24le") + "," + channels);
            // the samples themselves: same loudness as the source's decoded audio (garbage or silence would not be)
            assertThat(meanVolumeDb(target))
                    .as("mean volume of %s", target.getFileName())
                    .isCloseTo(
                            meanVolumeDb(RenderFixtures.media(RenderFixtures.GOPRO)),
                            org.assertj.core.data.Offset.offset(0.5));
            QcExpectation exp = new QcExpectation(
                            info.frameCount(), durationUs, info.fpsNum(), info.fpsDen(), preset.codecName(), W, H, true)
                    .withAudioChannels(channels)
                    .withPixelFormat(preset.pixelFormat());
            if (preset.editorial()) {
                assertThat(probe(target, "d", "stream=codec_tag_string:stream_tags=timecode,reel_name"))
                        .as("tmcd track of %s", target.getFileName())
                        .isEqualTo("tmcd,GOPRO_MAX," + TC);
                exp = exp.withTimecode(TC);
            }
            QcReport qc = OutputVerifier.verify(target, exp);
            assertThat(qc.problems()).as("QC of %s", target.getFileName()).isEmpty();
            assertThat(qc.passed()).isTrue();
            finals.add(target);
        }
        // same pictures in every output: a wrong plane layout (e.g. 10-bit rows read as 8-bit) gives ~10 dB
        assertThat(psnr(finals.get(1), finals.get(0)))
                .as("prores vs review PSNR")
                .isGreaterThan(35);
        assertThat(psnr(finals.get(2), finals.get(0)))
                .as("dnxhr vs review PSNR (LB is a low-bandwidth offline codec)")
                .isGreaterThan(28);
        assertThat(info.audioChannels()).isEqualTo(2);
    }

    @Test
    void everyEditorialProfileEncodesFromOneDecode() throws Exception {
        RenderFixtures fx = new RenderFixtures(temp);
        MediaInfo info = RenderFixtures.probe(RenderFixtures.GOPRO);
        List<Preset> presets = java.util.Arrays.stream(Preset.values())
                .filter(Preset::editorial)
                .toList();
        assertThat(presets).hasSize(7);
        List<RenderTask.RenderOutput> outputs = presets.stream()
                .map(p -> RenderFixtures.output(p.id(), p.id(), W, H))
                .toList();
        SegmentPlan first = SegmentPlanner.plan(info, 40).get(0);

        List<TaskEvent.SegmentFile> files = new JavacvTaskRenderer(fx.roots)
                .render(
                        RenderFixtures.video(
                                RenderFixtures.GOPRO,
                                info,
                                0,
                                first.startUs(),
                                first.endUs(),
                                first.expectedFrames(),
                                "all",
                                outputs),
                        RenderFixtures.context());

        assertThat(files).hasSize(7);
        for (int i = 0; i < presets.size(); i++) {
            Preset p = presets.get(i);
            assertThat(probe(fx.file(files.get(i).file()), "v:0", "stream=codec_name,profile,pix_fmt,nb_read_frames"))
                    .as(p.id())
                    .isEqualTo(String.join(",", p.codecName(), p.probeProfile(), p.pixelFormat(), "40"));
        }
    }

    @Test
    void qualityOverridesAndTooSmallDnxhrAreRefusedBeforeDecoding() {
        RenderFixtures fx = new RenderFixtures(temp);
        MediaInfo info = RenderFixtures.probe(RenderFixtures.GOPRO);
        JavacvTaskRenderer renderer = new JavacvTaskRenderer(fx.roots);

        RenderTask crf = RenderFixtures.video(
                RenderFixtures.GOPRO,
                info,
                0,
                0,
                Long.MAX_VALUE,
                info.frameCount(),
                "crf",
                List.of(RenderTask.RenderOutput.of("proxy", "prores-proxy", W, H)
                        .withCrf(18)));
        assertThatThrownBy(() -> renderer.render(crf, RenderFixtures.context()))
                .isInstanceOfSatisfying(
                        RenderException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.UNSUPPORTED))
                .hasMessageContaining("takes no crf")
                .hasMessageContaining("prores-lt");
        RenderTask small = RenderFixtures.video(
                RenderFixtures.GOPRO,
                info,
                0,
                0,
                Long.MAX_VALUE,
                info.frameCount(),
                "small",
                List.of(RenderFixtures.output("offline", "dnxhr-sq", 212, 120)));
        assertThatThrownBy(() -> renderer.render(small, RenderFixtures.context()))
                .isInstanceOfSatisfying(
                        RenderException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.UNSUPPORTED))
                .hasMessageContaining("at least 256x120");
    }

    @Test
    void presetTableDeclaresQualityBoundsAndEditorialFlags() {
        assertThat(Preset.H264_REVIEW.acceptsCrf()).isTrue();
        assertThat(Preset.H264_REVIEW.crfProblem(0)).isEmpty();
        assertThat(Preset.H264_REVIEW.crfProblem(51)).isEmpty();
        assertThat(Preset.H264_REVIEW.crfProblem(52)).get().asString().contains("0..51");
        assertThat(Preset.H264_REVIEW.editorial()).isFalse();
        for (Preset p : List.of(
                Preset.PRORES_PROXY,
                Preset.PRORES_LT,
                Preset.PRORES_422,
                Preset.PRORES_HQ,
                Preset.DNXHR_LB,
                Preset.DNXHR_SQ,
                Preset.DNXHR_HQ)) {
            assertThat(p.acceptsCrf()).as(p.id()).isFalse();
            assertThat(p.crfProblem(null)).isEmpty();
            assertThat(p.crfProblem(20)).as(p.id()).get().asString().contains("takes no crf");
            assertThat(p.editorial()).isTrue();
            assertThat(p.intraOnly()).isTrue();
            assertThat(p.extension()).isEqualTo("mov");
            assertThat(p.audioChannels()).isEqualTo(Preset.AudioChannels.ALL_SOURCE);
        }
        assertThat(Preset.byId("prores-hq")).contains(Preset.PRORES_HQ);
        assertThat(Preset.DNXHR_HQ.sizeProblem(254, 240)).isPresent();
        assertThat(Preset.DNXHR_HQ.sizeProblem(256, 120)).isEmpty();
        assertThat(Preset.ids()).startsWith("h264-review", "ffv1-master");
    }

    private static double meanVolumeDb(Path file) {
        Ffmpeg.Result r = Ffmpeg.ffmpeg(
                List.of("-i", file.toString(), "-map", "0:a:0", "-af", "volumedetect", "-f", "null", "-"),
                Duration.ofMinutes(2));
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("mean_volume: (-?[0-9.]+) dB").matcher(r.stderr());
        assertThat(m.find()).as(r.stderrTail()).isTrue();
        return Double.parseDouble(m.group(1));
    }

    /** Average PSNR (all planes, 8-bit) of a against b, both decoded and compared as yuv420p. */
    private static double psnr(Path a, Path b) {
        Ffmpeg.Result r = Ffmpeg.ffmpeg(
                List.of(
                        "-i",
                        a.toString(),
                        "-i",
                        b.toString(),
                        "-lavfi",
                        "[0:v]format=yuv420p[a];[1:v]format=yuv420p[b];[a][b]psnr",
                        "-f",
                        "null",
                        "-"),
                Duration.ofMinutes(2));
        assertThat(r.ok()).as(r.stderrTail()).isTrue();
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("average:([0-9.]+|inf)").matcher(r.stderr());
        assertThat(m.find()).as(r.stderrTail()).isTrue();
        return m.group(1).equals("inf") ? 100 : Double.parseDouble(m.group(1));
    }

    private static long keyframes(Path file) {
        return Ffmpeg.ffprobe(
                        List.of(
                                "-v",
                                "error",
                                "-select_streams",
                                "v:0",
                                "-show_entries",
                                "packet=flags",
                                "-of",
                                "csv=p=0",
                                file.toString()),
                        Duration.ofMinutes(1))
                .stdout()
                .lines()
                .filter(l -> l.startsWith("K"))
                .count();
    }

    private static String probe(Path file, String streams, String entries) {
        Ffmpeg.Result r = Ffmpeg.ffprobe(
                List.of(
                        "-v",
                        "error",
                        "-count_frames",
                        "-select_streams",
                        streams,
                        "-show_entries",
                        entries,
                        "-of",
                        "csv=p=0",
                        file.toString()),
                Duration.ofMinutes(2));
        assertThat(r.ok()).as(r.stderrTail()).isTrue();
        return r.stdout().strip();
    }
}
