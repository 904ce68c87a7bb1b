package io.darkroom.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.Json;
import io.darkroom.contracts.MediaInfo;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broadcast details of the probe: captions in the picture stream or beside it, and Avid OP-Atom files. */
class ProbeBroadcastTest {
    @TempDir
    Path dir;

    private static MediaInfo fromJson(String videoExtra, String moreStreams, String formatTags) throws Exception {
        String json =
                """
                {"streams": [
                  {"codec_type": "video", "codec_name": "h264", "width": 720, "height": 480,
                   "avg_frame_rate": "30000/1001", "r_frame_rate": "30000/1001", "nb_read_packets": "60" %s}
                  %s],
                 "format": {"format_name": "mpegts", "duration": "2.0", "tags": {%s}}}
                """
                        .formatted(videoExtra, moreStreams, formatTags);
        return Probe.fromJson(Json.mapper().readTree(json), 1, "x.ts");
    }

    @Test
    void captionsInThePictureStreamAreEmbedded() throws Exception {
        // ffprobe sets closed_captions when the decoder met A/53 user data (a broadcast TS, an ATSC recording)
        assertThat(fromJson(", \"closed_captions\": 1", "", "").closedCaptions())
                .isEqualTo(MediaInfo.CAPTIONS_EMBEDDED);
        assertThat(fromJson(", \"closed_captions\": 0", "", "").closedCaptions())
                .isNull();
    }

    @Test
    void aCea608SubtitleStreamIsATrackAndOtherSubtitlesAreNot() throws Exception {
        assertThat(fromJson("", ", {\"codec_type\": \"subtitle\", \"codec_name\": \"eia_608\"}", "")
                        .closedCaptions())
                .isEqualTo(MediaInfo.CAPTIONS_TRACK);
        assertThat(fromJson("", ", {\"codec_type\": \"subtitle\", \"codec_name\": \"mov_text\"}", "")
                        .closedCaptions())
                .isNull();
    }

    @Test
    void theOperationalPatternLabelTellsOpAtomFromOp1a() throws Exception {
        assertThat(fromJson("", "", "\"operational_pattern_ul\": \"060e2b34.04010102.0d010201.10030000\"")
                        .opAtom())
                .isTrue();
        assertThat(fromJson("", "", "\"operational_pattern_ul\": \"060e2b34.04010101.0d010201.01010900\"")
                        .opAtom())
                .isFalse();
        assertThat(fromJson("", "", "").opAtom()).isFalse();
    }

    @Test
    void aRealOpAtomFileIsKnownAsSuch() {
        Path file = dir.resolve("v1.mxf");
        TestMedia.ffmpeg(
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=1920x1080:rate=25",
                "-frames:v",
                "5",
                "-c:v",
                "dnxhd",
                "-profile:v",
                "dnxhr_lb",
                "-pix_fmt",
                "yuv422p",
                "-f",
                "mxf_opatom",
                file.toString());
        MediaInfo info = Probe.probe(file);
        assertThat(info.opAtom()).isTrue();
        assertThat(info.hasAudio()).isFalse();
    }

    @Test
    void captionsInsideH264PicturesAreFoundByDecodingTheFirstPictures() {
        Path ts = CaptionedSources.transportStreamWithEmbeddedCaptions(dir, "cc.ts", 30);
        MediaInfo info = Probe.probe(ts);
        assertThat(info.closedCaptions()).isEqualTo(MediaInfo.CAPTIONS_EMBEDDED);
        assertThat(info.frameCount()).isEqualTo(30);
        // QC's probe of an output does not decode pictures to look for them, and reads everything else the same
        MediaInfo output = Probe.probeOutput(ts);
        assertThat(output.closedCaptions()).isNull();
        assertThat(output.withBroadcastDetails(MediaInfo.CAPTIONS_EMBEDDED, info.opAtom()))
                .isEqualTo(info);
        // FFmpeg's own caption decoder reads the words the SEI carries
        Ffmpeg.Result srt = Ffmpeg.ffmpeg(
                java.util.List.of(
                        "-v",
                        "error",
                        "-f",
                        "lavfi",
                        "-i",
                        "movie=" + ts + "[out0+subcc]",
                        "-map",
                        "0:1",
                        "-f",
                        "srt",
                        "-"),
                java.time.Duration.ofMinutes(1));
        assertThat(srt.stdout()).contains(CaptionedSources.CAPTION);

        Path plain = dir.resolve("plain.ts");
        TestMedia.ffmpeg(
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=320x180:rate=25",
                "-frames:v",
                "10",
                "-c:v",
                "libx264",
                "-f",
                "mpegts",
                plain.toString());
        assertThat(Probe.probe(plain).closedCaptions()).isNull();
    }
}
