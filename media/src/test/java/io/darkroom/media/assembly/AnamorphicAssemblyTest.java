package io.darkroom.media.assembly;

import static io.darkroom.media.TestMedia.ffmpeg;
import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.Preset;
import io.darkroom.media.Probe;
import io.darkroom.media.qc.OutputVerifier;
import io.darkroom.media.qc.QcExpectation;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Segments of an output kept anamorphic (PAL 16:9, pixel aspect 64:45) keep their pixel aspect through stream-copy
 * assembly, and QC judges the display aspect: right with the planned 64:45, wrong where square pixels were planned.
 */
class AnamorphicAssemblyTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"libx264, mp4, H264_REVIEW", "ffv1, mkv, FFV1_MASTER"})
    void theSegmentsPixelAspectSurvivesAssemblyAndQcChecksIt(String encoder, String ext, Preset preset) {
        List<Path> segments = List.of(dir.resolve("seg0." + ext), dir.resolve("seg1." + ext));
        for (int k = 0; k < 2; k++) {
            ffmpeg(
                    "-f",
                    "lavfi",
                    "-i",
                    "testsrc2=size=720x576:rate=25",
                    "-vf",
                    "trim=start_frame=" + (k * 10) + ":end_frame=" + (k * 10 + 10) + ",setpts=PTS-STARTPTS,"
                            + "setsar=64/45",
                    "-c:v",
                    encoder,
                    "-pix_fmt",
                    "yuv420p",
                    segments.get(k).toString());
        }
        Path out = dir.resolve("final." + ext);

        SegmentAssembler.assemble(new AssemblyRequest(segments, null, out, preset, null, Map.of()));

        assertThat(Probe.probe(out).sampleAspectRatio()).isEqualTo("64:45");
        QcExpectation kept =
                new QcExpectation(20, 800_000, 25, 1, preset.codecName(), 720, 576, false).withSampleAspect("64:45");
        assertThat(OutputVerifier.verify(out, kept).problems()).isEmpty();
        assertThat(OutputVerifier.verify(out, kept.withSampleAspect("1:1")).problems())
                .containsExactly("pixel aspect 64:45, expected 1:1 (display aspect 1.7778, expected 1.2500)");
    }
}
