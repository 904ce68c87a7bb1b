package io.darkroom.media.assembly;

import static io.darkroom.media.TestMedia.ffmpeg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.darkroom.contracts.Preset;
import io.darkroom.media.Ffmpeg;
import io.darkroom.media.qc.OutputVerifier;
import io.darkroom.media.qc.QcExpectation;
import io.darkroom.media.qc.QcReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Editorial outputs: intra-only segments joined by stream copy, tmcd / MXF timecode, reel name, multichannel PCM. */
class EditorialAssemblyTest {
    @TempDir
    Path dir;

    @Test
    void proresMovKeepsTimecodeReelNameAndEverySourceChannel() {
        List<Path> segments = cut("prores_ks", "-profile:v", "0", "yuv422p10le", "mov");
        Path audio = dir.resolve("audio.mka");
        // six discrete channels, as a 5.1 or multi-mic recording has: the assembler must copy them all
        ffmpeg(
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:sample_rate=48000",
                "-t",
                "2",
                "-af",
                "pan=5.1|c0=c0|c1=0.5*c0|c2=0.25*c0|c3=0.1*c0|c4=0.8*c0|c5=0.3*c0",
                "-c:a",
                "pcm_s24le",
                audio.toString());
        Path out = dir.resolve("A001_C002.mov");

        SegmentAssembler.assemble(new AssemblyRequest(
                        segments, audio, out, Preset.PRORES_PROXY, "15:44:35:10", Map.of("title", "A001_C002"))
                .withReelName("A001_C002"));

        assertThat(
                        probe(
                                out,
                                "stream=codec_type,codec_name,codec_tag_string,profile,channels:stream_tags=timecode,reel_name"))
                .contains(
                        "prores|Proxy|video|apco|15:44:35:10",
                        "pcm_s24le|unknown|audio|in24|6",
                        "data|tmcd|A001_C002|15:44:35:10");
        QcExpectation exp = new QcExpectation(50, 2_000_000, 25, 1, "prores", 320, 240, true)
                .withTimecode("15:44:35:10")
                .withAudioChannels(6)
                .withPixelFormat("yuv422p10le");
        QcReport qc = OutputVerifier.verify(out, exp);
        assertThat(qc.problems()).isEmpty();
        assertThat(qc.timecode()).isEqualTo("15:44:35:10");
        assertThat(qc.audioChannels()).isEqualTo(6);

        QcReport wrong =
                OutputVerifier.verify(out, exp.withTimecode("01:00:00:00").withAudioChannels(2));
        assertThat(wrong.passed()).isFalse();
        assertThat(wrong.problems())
                .containsExactly("start timecode 15:44:35:10, expected 01:00:00:00", "audio channels 6, expected 2");
    }

    @Test
    void dnxhrMxfCarriesTimecodeInTheMaterialPackage() {
        List<Path> segments = cut("dnxhd", "-profile:v", "dnxhr_lb", "yuv422p", "mxf");
        Path audio = dir.resolve("audio.mka");
        ffmpeg(
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:sample_rate=48000",
                "-t",
                "2",
                "-ac",
                "2",
                "-c:a",
                "pcm_s24le",
                audio.toString());
        Path out = dir.resolve("clip.mxf");

        SegmentAssembler.assemble(new AssemblyRequest(segments, audio, out, Preset.DNXHR_LB, "01:00:10:00", Map.of())
                .withReelName("REEL_7"));

        assertThat(probe(out, "format_tags=timecode,material_package_name")).contains("01:00:10:00", "REEL_7");
        QcReport qc = OutputVerifier.verify(
                out,
                new QcExpectation(50, 2_000_000, 25, 1, "dnxhd", 320, 240, true)
                        .withTimecode("01:00:10:00")
                        .withAudioChannels(2)
                        .withPixelFormat("yuv422p"));
        assertThat(qc.problems()).isEmpty();
    }

    @Test
    void reelNameMustBeOneLine() {
        assertThatThrownBy(() -> new AssemblyRequest(
                        List.of(dir.resolve("a.mov")),
                        null,
                        dir.resolve("b.mov"),
                        Preset.PRORES_HQ,
                        null,
                        Map.of(),
                        "two\nlines",
                        null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Two intra-only segments of 25 frames each (320x240, 25 fps). */
    private List<Path> cut(String encoder, String profileFlag, String profile, String pixFmt, String ext) {
        List<Path> segments = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            Path s = dir.resolve("seg" + k + "." + ext);
            ffmpeg(
                    "-f",
                    "lavfi",
                    "-i",
                    "testsrc2=size=320x240:rate=25",
                    "-vf",
                    "trim=start_frame=" + (k * 25) + ":end_frame=" + (k * 25 + 25) + ",setpts=PTS-STARTPTS",
                    "-an",
                    "-c:v",
                    encoder,
                    profileFlag,
                    profile,
                    "-pix_fmt",
                    pixFmt,
                    s.toString());
            segments.add(s);
        }
        return segments;
    }

    private static String probe(Path file, String entries) {
        return Ffmpeg.ffprobe(
                        List.of("-v", "error", "-show_entries", entries, "-of", "compact=nk=1", file.toString()),
                        Duration.ofMinutes(1))
                .stdout();
    }
}
