package io.darkroom.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.TaskEvent;
import io.darkroom.media.Ffmpeg;
import io.darkroom.media.Probe;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sound in four mono PCM tracks (a broadcast MXF's layout): every track in the master, tracks 1 and 2 in the review. */
class MonoTracksRenderTest {
    private static final Pattern PEAK = Pattern.compile("Channel: (\\d+)[\\s\\S]*?Peak level dB: (-?[\\d.]+|-inf)");

    @TempDir
    Path temp;

    @Test
    void everyMonoTrackIsAChannelOfTheMasterAndTheFirstTwoMakeTheReviewStereo() throws Exception {
        String name = "generated/four_mono_tracks_" + ProcessHandle.current().pid() + ".mov";
        Path source = RenderFixtures.mediaRoot().resolve(name);
        Files.createDirectories(source.getParent());
        // track k (1..4) is a tone at k x 0.2 of full scale, 3 s, 24-bit, each its own stream
        List<String> args = new ArrayList<>(List.of("-v", "error", "-y"));
        args.addAll(List.of("-f", "lavfi", "-i", "testsrc2=size=128x72:rate=25:duration=3"));
        for (int k = 1; k <= 4; k++) {
            args.addAll(List.of(
                    "-f",
                    "lavfi",
                    "-i",
                    "sine=frequency=" + (200 * k) + ":sample_rate=48000:duration=3,volume=" + (0.2 * k)));
        }
        args.addAll(List.of("-map", "0:v"));
        for (int k = 1; k <= 4; k++) {
            args.addAll(List.of("-map", k + ":a"));
        }
        args.addAll(List.of("-c:v", "libx264", "-preset", "ultrafast", "-c:a", "pcm_s24le", source.toString()));
        assertThat(Ffmpeg.ffmpeg(args, Duration.ofMinutes(1)).ok()).isTrue();
        try {
            MediaInfo info = Probe.probe(source);
            assertThat(info.audioStreams()).isEqualTo(4);
            assertThat(info.audioChannels()).as("one channel per mono track").isEqualTo(4);

            RenderFixtures fx = new RenderFixtures(temp);
            var task = RenderFixtures.audio(
                    name,
                    "tracks",
                    List.of(
                            RenderFixtures.output("review", "h264-review", 128, 72),
                            RenderFixtures.output("master", "prores-proxy", 128, 72)));
            List<TaskEvent.SegmentFile> files = new JavacvTaskRenderer(fx.roots).render(task, RenderFixtures.context());

            List<Double> master = peaks(fx.file(files.get(1).file()));
            assertThat(master).hasSize(4);
            // each channel is its track: peaks rise by track, 20*log10(0.2k/8) dBFS (the sine source plays at 1/8)
            for (int k = 1; k <= 4; k++) {
                assertThat(master.get(k - 1))
                        .isCloseTo(20 * Math.log10(0.2 * k / 8), org.assertj.core.data.Offset.offset(0.5));
            }
            // AAC moves peaks by about a dB; tracks 1..4 lie 6, 3.5 and 2.5 dB apart
            List<Double> review = peaks(fx.file(files.get(0).file()));
            assertThat(review).hasSize(2);
            assertThat(review.get(0)).isCloseTo(20 * Math.log10(0.2 / 8), org.assertj.core.data.Offset.offset(1.5));
            assertThat(review.get(1)).isCloseTo(20 * Math.log10(0.4 / 8), org.assertj.core.data.Offset.offset(1.5));
            assertThat(files.get(1).durationUs()).isCloseTo(3_000_000L, org.assertj.core.data.Offset.offset(50_000L));
        } finally {
            Files.deleteIfExists(source);
        }
    }

    @Test
    void tracksAreLinedUpAndTheShortOnesPaddedAtTheEnd() {
        MonoTracks t = new MonoTracks(2);
        t.add(0, FloatBuffer.wrap(new float[] {1, 2, 3}));
        t.add(1, FloatBuffer.wrap(new float[] {9}));
        FloatBuffer[] first = t.take(false);
        assertThat(first[0].remaining()).isEqualTo(1);
        assertThat(first[0].get(0)).isEqualTo(1f);
        assertThat(first[1].get(0)).isEqualTo(9f);
        assertThat(t.waiting(0)).isEqualTo(2);
        assertThat(t.take(false)[0].remaining()).as("nothing from track 1 yet").isZero();
        FloatBuffer[] last = t.take(true);
        assertThat(last[0].array()).containsExactly(2f, 3f);
        assertThat(last[1].array()).containsExactly(0f, 0f);
        assertThat(t.take(true)[0].remaining()).isZero();
    }

    /** Peak level per channel (dBFS), from FFmpeg's astats. */
    private static List<Double> peaks(Path file) {
        Ffmpeg.Result r = Ffmpeg.ffmpeg(
                List.of("-v", "info", "-i", file.toString(), "-map", "0:a:0", "-af", "astats", "-f", "null", "-"),
                Duration.ofMinutes(1));
        List<Double> out = new ArrayList<>();
        for (String block : r.stderr().split("(?=\\[Parsed_astats_0 @ [^]]+\\] Channel: )")) {
            Matcher m = PEAK.matcher(block);
            if (block.contains("Channel: ") && m.find()) {
                out.add(m.group(2).equals("-inf") ? Double.NEGATIVE_INFINITY : Double.parseDouble(m.group(2)));
            }
        }
        return out;
    }
}
