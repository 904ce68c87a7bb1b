package io.darkroom.media.assembly;

import static io.darkroom.media.TestMedia.ffmpeg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.Preset;
import io.darkroom.media.Probe;
import io.darkroom.media.qc.FrameHashes;
import io.darkroom.media.qc.OutputVerifier;
import io.darkroom.media.qc.QcExpectation;
import io.darkroom.media.qc.QcReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentAssemblerTest {
    @TempDir
    Path dir;

    @Test
    void ffv1SegmentsAssembleToExactlyTheFramesOfASinglePassEncode() throws IOException {
        Path source = dir.resolve("source.mkv");
        ffmpeg(
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=320x240:rate=25",
                "-frames:v",
                "100",
                "-c:v",
                "ffv1",
                "-pix_fmt",
                "yuv420p",
                source.toString());
        Path single = dir.resolve("single.mkv");
        ffmpeg("-i", source.toString(), "-c:v", "ffv1", "-pix_fmt", "yuv420p", single.toString());
        List<Path> segments = cut(source, "ffv1", "mkv", 34, 100);
        Path audio = dir.resolve("audio.mka");
        ffmpeg(
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:sample_rate=48000",
                "-t",
                "4",
                "-c:a",
                "pcm_s16le",
                audio.toString());
        Path out = dir.resolve("final.mkv");

        SegmentAssembler.assemble(new AssemblyRequest(
                segments, audio, out, Preset.FFV1_MASTER, "01:02:03:04", Map.of("title", "clip A")));

        assertThat(FrameHashes.of(out)).hasSize(100).isEqualTo(FrameHashes.of(single));
        MediaInfo m = Probe.probe(out);
        assertThat(m.timecode()).isEqualTo("01:02:03:04");
        assertThat(m.audioCodec()).isEqualTo("pcm_s16le");
        QcReport qc = OutputVerifier.verify(out, new QcExpectation(100, 4_000_000, 25, 1, "ffv1", 320, 240, true));
        assertThat(qc.problems()).isEmpty();
        assertThat(qc.passed()).isTrue();
        assertThat(leftovers())
                .containsExactlyInAnyOrder(
                        "source.mkv", "single.mkv", "seg0.mkv", "seg1.mkv", "seg2.mkv", "audio.mka", "final.mkv");
    }

    @Test
    void h264SegmentsAssembleWithAudioTimecodeMetadataAndFaststart() throws IOException {
        Path source = dir.resolve("source.mkv");
        ffmpeg(
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=320x240:rate=30000/1001",
                "-frames:v",
                "90",
                "-c:v",
                "ffv1",
                source.toString());
        List<Path> segments = cut(source, "libx264", "mp4", 30, 90);
        Path audio = dir.resolve("audio.m4a");
        ffmpeg("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "3", "-c:a", "aac", audio.toString());
        Path out = dir.resolve("final.mp4");
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("title", "it's \"quoted\" = fine");
        tags.put("comment", "darkroom job 42");

        SegmentAssembler.assemble(new AssemblyRequest(segments, audio, out, Preset.H264_REVIEW, "10:00:00;02", tags));

        MediaInfo m = Probe.probe(out);
        assertThat(m.frameCount()).isEqualTo(90);
        assertThat(m.durationUs()).isCloseTo(3_003_000L, org.assertj.core.data.Offset.offset(33_367L));
        assertThat(m.timecode()).isEqualTo("10:00:00;02");
        assertThat(m.audioCodec()).isEqualTo("aac");
        assertThat(formatTags(out)).contains("it's \"quoted\" = fine", "darkroom job 42");
        byte[] bytes = Files.readAllBytes(out);
        assertThat(indexOf(bytes, "moov")).as("faststart: moov before mdat").isLessThan(indexOf(bytes, "mdat"));
        QcReport qc = OutputVerifier.verify(out, new QcExpectation(90, 3_003_000, 30000, 1001, "h264", 320, 240, true));
        assertThat(qc.problems()).isEmpty();
    }

    @Test
    void pathsWithQuotesAndSpacesAreEscapedInTheListFile() throws IOException {
        Path odd = Files.createDirectories(dir.resolve("it's a [folder]"));
        Path source = odd.resolve("source.mkv");
        ffmpeg(
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=160x120:rate=25",
                "-frames:v",
                "20",
                "-c:v",
                "ffv1",
                source.toString());
        List<Path> segments = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Path s = odd.resolve("seg 'n' " + i + ".mkv");
            ffmpeg(
                    "-i",
                    source.toString(),
                    "-vf",
                    "trim=start_frame=" + (i * 10) + ":end_frame=" + (i * 10 + 10) + ",setpts=PTS-STARTPTS",
                    "-c:v",
                    "ffv1",
                    s.toString());
            segments.add(s);
        }
        Path out = odd.resolve("out 'final'.mkv");

        SegmentAssembler.assemble(new AssemblyRequest(segments, null, out, Preset.FFV1_MASTER, null, Map.of()));

        assertThat(Probe.probe(out).frameCount()).isEqualTo(20);
        assertThat(Probe.probe(out).hasAudio()).isFalse();
        assertThat(ConcatList.of(List.of(Path.of("/a/it's.mkv")))).contains("file '/a/it'\\''s.mkv'");
    }

    @Test
    void neverOverwritesAnExistingOutput() throws IOException {
        Path source = dir.resolve("s.mkv");
        ffmpeg(
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=160x120:rate=25",
                "-frames:v",
                "5",
                "-c:v",
                "ffv1",
                source.toString());
        Path out = Files.writeString(dir.resolve("out.mkv"), "precious", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> SegmentAssembler.assemble(
                        new AssemblyRequest(List.of(source), null, out, Preset.FFV1_MASTER, null, Map.of())))
                .isInstanceOf(AssemblyException.class)
                .hasMessageContaining("already exists");
        assertThat(Files.readString(out)).isEqualTo("precious");
    }

    @Test
    void ffmpegFailureCarriesStderrTailAndLeavesNothingBehind() throws IOException {
        Path bogus = Files.writeString(dir.resolve("bogus.mp4"), "not a video", StandardCharsets.UTF_8);
        Path out = dir.resolve("out.mp4");

        assertThatThrownBy(() -> SegmentAssembler.assemble(
                        new AssemblyRequest(List.of(bogus), null, out, Preset.H264_REVIEW, null, Map.of())))
                .isInstanceOf(AssemblyException.class)
                .hasMessageContaining("out.mp4")
                .hasMessageContaining("bogus.mp4");
        assertThat(leftovers()).containsExactly("bogus.mp4");
    }

    @Test
    void rejectsMalformedTimecodeAndMissingInputs() {
        Path out = dir.resolve("out.mkv");
        assertThatThrownBy(() -> SegmentAssembler.assemble(new AssemblyRequest(
                        List.of(dir.resolve("none.mkv")), null, out, Preset.FFV1_MASTER, "1:2:3", Map.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1:2:3");
        assertThatThrownBy(() -> SegmentAssembler.assemble(new AssemblyRequest(
                        List.of(dir.resolve("none.mkv")), null, out, Preset.FFV1_MASTER, null, Map.of())))
                .isInstanceOf(AssemblyException.class)
                .hasMessageContaining("none.mkv");
        assertThatThrownBy(() -> new AssemblyRequest(List.of(), null, out, Preset.FFV1_MASTER, null, Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Cuts frames [k*n, (k+1)*n) of source into closed-GOP segment files, as a worker would. */
    private List<Path> cut(Path source, String encoder, String ext, int n, int total) {
        List<Path> segments = new ArrayList<>();
        for (int k = 0; k * n < total; k++) {
            Path s = dir.resolve("seg" + k + "." + ext);
            List<String> args = new ArrayList<>(List.of(
                    "-i",
                    source.toString(),
                    "-vf",
                    "trim=start_frame=" + (k * n) + ":end_frame=" + Math.min(total, (k + 1) * n)
                            + ",setpts=PTS-STARTPTS",
                    "-an",
                    "-c:v",
                    encoder,
                    "-pix_fmt",
                    "yuv420p"));
            if (encoder.equals("libx264")) {
                args.addAll(List.of("-preset", "veryfast", "-g", String.valueOf(n), "-bf", "2", "-flags", "+cgop"));
            }
            args.add(s.toString());
            ffmpeg(args.toArray(String[]::new));
            segments.add(s);
        }
        return segments;
    }

    private List<String> leftovers() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static String formatTags(Path file) {
        return io.darkroom.media.Ffmpeg.ffprobe(
                        List.of("-v", "error", "-show_entries", "format_tags", "-of", "json", file.toString()),
                        java.time.Duration.ofMinutes(1))
                .stdout()
                .replace("\\\"", "\"");
    }

    private static int indexOf(byte[] haystack, String needle) {
        byte[] n = needle.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + n.length <= haystack.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (haystack[i + j] != n[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return Integer.MAX_VALUE;
    }
}
