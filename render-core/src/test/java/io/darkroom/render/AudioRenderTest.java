package io.darkroom.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.darkroom.contracts.FailureReason;
import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.TaskEvent;
import io.darkroom.media.Ffmpeg;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AUDIO tasks: one file per distinct preset, the whole clip's duration, the right codec and channels. */
class AudioRenderTest {

    @TempDir
    Path temp;

    @Test
    void writesAacStereoAndPcmWithTheClipsDuration() throws Exception {
        RenderFixtures fx = new RenderFixtures(temp);
        MediaInfo info = RenderFixtures.probe(RenderFixtures.GOPRO);
        var task = RenderFixtures.audio(
                RenderFixtures.GOPRO,
                "aud",
                List.of(
                        RenderFixtures.output("review", "h264-review", 848, 480),
                        RenderFixtures.output("review-small", "h264-review", 424, 240),
                        RenderFixtures.output("master", "ffv1-master", 848, 480)));

        List<TaskEvent.SegmentFile> files = new JavacvTaskRenderer(fx.roots).render(task, RenderFixtures.context());

        assertThat(files).extracting(TaskEvent.SegmentFile::output).containsExactly("review", "master");
        assertThat(files.get(0).file().path()).endsWith(".m4a");
        assertThat(files.get(1).file().path()).endsWith(".mka");
        assertThat(stream(fx.file(files.get(0).file()))).startsWith("aac,").endsWith(",2");
        assertThat(stream(fx.file(files.get(1).file())))
                .startsWith("pcm_s16le,")
                .endsWith("," + info.audioChannels());
        for (TaskEvent.SegmentFile f : files) {
            assertThat(f.frames()).isZero();
            assertThat(f.durationUs()).isCloseTo(info.durationUs(), org.assertj.core.data.Offset.offset(50_000L));
            double seconds = Double.parseDouble(Ffmpeg.ffprobe(
                            List.of(
                                    "-v",
                                    "error",
                                    "-show_entries",
                                    "format=duration",
                                    "-of",
                                    "csv=p=0",
                                    fx.file(f.file()).toString()),
                            Duration.ofMinutes(1))
                    .stdout()
                    .strip());
            assertThat(Math.round(seconds * 1e6))
                    .isCloseTo(f.durationUs(), org.assertj.core.data.Offset.offset(30_000L));
        }
    }

    @Test
    void sourceWithoutAudioIsUnsupported() {
        RenderFixtures fx = new RenderFixtures(temp);
        var task = RenderFixtures.audio(
                RenderFixtures.VP9_10BIT, "noaud", List.of(RenderFixtures.output("master", "ffv1-master", 64, 64)));

        assertThatThrownBy(() -> new JavacvTaskRenderer(fx.roots).render(task, RenderFixtures.context()))
                .isInstanceOfSatisfying(
                        RenderException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.UNSUPPORTED));
    }

    private static String stream(Path file) {
        return Ffmpeg.ffprobe(
                        List.of(
                                "-v",
                                "error",
                                "-select_streams",
                                "a:0",
                                "-show_entries",
                                "stream=codec_name,sample_rate,channels",
                                "-of",
                                "csv=p=0",
                                file.toString()),
                        Duration.ofMinutes(1))
                .stdout()
                .strip();
    }
}
