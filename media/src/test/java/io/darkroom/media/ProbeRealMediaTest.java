package io.darkroom.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.darkroom.contracts.MediaInfo;
import io.darkroom.recipe.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbeRealMediaTest {

    @Test
    void goproClipHasTimecodeAndExactFrameCount() {
        MediaInfo m = Probe.probe(TestMedia.sample("timecode/gopro_max_h264_tmcd_gpmf.mp4"));
        assertThat(m.frameCount()).isEqualTo(315);
        assertThat(m.timecode()).isEqualTo("15:44:35:10");
        assertThat(m.fpsNum()).isEqualTo(30000);
        assertThat(m.fpsDen()).isEqualTo(1001);
        assertThat(m.hasAudio()).isTrue();
    }

    @Test
    void rotatedPhoneClipReportsUprightDisplaySize() {
        MediaInfo m = Probe.probe(TestMedia.sample("phone/android12_h264_4k60_rot-90_vfr.mp4"));
        assertThat(m.rotation()).isEqualTo(90);
        assertThat(m.displayWidth()).isEqualTo(2160);
        assertThat(m.displayHeight()).isEqualTo(3840);
    }

    @Test
    void colourFieldOrderAndPixelAspectAreReported() {
        MediaInfo hlg = Probe.probe(TestMedia.sample("phone/iphone14pro_hevc_main10_dolbyvision_hlg_rot-90.mov"));
        assertThat(hlg.colorTransfer()).isEqualTo("arib-std-b67");
        assertThat(hlg.colorPrimaries()).isEqualTo("bt2020");
        assertThat(hlg.colorSpace()).isEqualTo("bt2020nc");
        assertThat(hlg.colorRange()).isEqualTo("tv");
        assertThat(hlg.fieldOrder()).isNull(); // "unknown"
        assertThat(hlg.hdr()).isTrue();
        MediaInfo pq = Probe.probe(TestMedia.sample("av1/av1_main10_hdr10_pq_portrait.mp4"));
        assertThat(pq.colorTransfer()).isEqualTo("smpte2084");
        assertThat(pq.fieldOrder()).isEqualTo("progressive");
        assertThat(pq.sampleAspectRatio()).isEqualTo("1:1");
        MediaInfo gopro = Probe.probe(TestMedia.sample("timecode/gopro_max_h264_tmcd_gpmf.mp4"));
        assertThat(gopro.colorTransfer()).isEqualTo("bt709");
        assertThat(gopro.hdr()).isFalse();
        assertThat(gopro.interlaced()).isFalse();
    }

    @Test
    void vp9HiddenFramesAreNotCountedAsPictures() {
        MediaInfo m = Probe.probe(TestMedia.sample("webm/vp9_profile2_10bit_roadtrip.webm"));
        // 80 packets, of which 8 carry hidden alt-ref frames
        assertThat(m.frameCount()).isEqualTo(72);
    }

    @Test
    void hevcPacketsThatAreNeverShownAreNotCounted() {
        MediaInfo m = Probe.probe(TestMedia.sample("phone/iphone14pro_hevc_main10_dolbyvision_hlg_rot-90.mov"));
        // 5 packets, 4 pictures
        assertThat(m.frameCount()).isEqualTo(4);
    }

    @Test
    void textFileIsNotMedia(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("notes.mp4"), "not a video");
        assertThatThrownBy(() -> Probe.probe(f))
                .isInstanceOf(ProbeException.class)
                .satisfies(e -> assertThat(((ProbeException) e).problem()).isEqualTo(Problem.NOT_MEDIA))
                .hasMessageContaining("notes.mp4");
    }

    @Test
    void audioOnlyFileHasNoVideo(@TempDir Path dir) {
        Path f = dir.resolve("tone.m4a");
        Ffmpeg.Result r = Ffmpeg.ffmpeg(
                java.util.List.of("-f", "lavfi", "-i", "sine=d=1", "-c:a", "aac", f.toString()),
                java.time.Duration.ofMinutes(1));
        assertThat(r.ok()).as(r.stderrTail()).isTrue();
        assertThatThrownBy(() -> Probe.probe(f))
                .isInstanceOf(ProbeException.class)
                .satisfies(e -> assertThat(((ProbeException) e).problem()).isEqualTo(Problem.NO_VIDEO));
    }
}
