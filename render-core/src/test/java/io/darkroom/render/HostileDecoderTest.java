package io.darkroom.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.darkroom.contracts.FailureReason;
import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.RenderTask;
import io.darkroom.contracts.SourceRef;
import io.darkroom.media.HostileSources;
import io.darkroom.media.Probe;
import io.darkroom.media.SampleMedia;
import io.darkroom.media.StorageRoots;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker's decoder opens sources with the same allowlists as the probe: a playlist that got this far is refused.
 * It allocates no picture over the site's source-pixel budget, whatever the stream claims after its header.
 */
class HostileDecoderTest {
    @TempDir
    Path dir;

    @Test
    void aPlaylistIsNotOpenedAndNothingConnects() throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            listener.configureBlocking(false);
            Path playlist = Files.writeString(
                    dir.resolve("plate.mov"),
                    "#EXTM3U\n#EXTINF:10,\nhttp://127.0.0.1:"
                            + listener.socket().getLocalPort() + "/seg.ts\n#EXT-X-ENDLIST\n");

            assertThatThrownBy(() -> VideoDecoder.open(playlist, "1")).isInstanceOf(FrameGrabber.Exception.class);
            assertThat(listener.accept()).isNull();
        }
    }

    @Test
    void aRealClipStillOpens() throws Exception {
        try (VideoDecoder d = VideoDecoder.open(SampleMedia.file(SampleMedia.VP9_10BIT), "1")) {
            assertThat(d).isNotNull();
        }
    }

    @Test
    void aStreamThatGrowsPastTheBudgetHalfWayStopsWithTheSizeItClaimed() throws Exception {
        // the GoPro clip's first 20 pictures (848x480), then the same pictures behind a header claiming 1024x1024
        Path grows = HostileSources.growingMidStream(dir, SampleMedia.file(SampleMedia.GOPRO), 20, 1024, 1024);
        MediaInfo probed = Probe.probe(grows);
        assertThat(probed.width() * probed.height())
                .as("the probe reads the first header only")
                .isEqualTo(848 * 480);

        long budget = 848L * 480 * 2; // the first pictures fit, the claimed ones do not
        int decoded = 0;
        try (VideoDecoder d = VideoDecoder.open(grows, new VideoDecoder.Settings("1", budget))) {
            Throwable thrown = null;
            try {
                for (Frame f = d.next(); f != null; f = d.next()) {
                    assertThat(f.imageWidth).isEqualTo(848);
                    decoded++;
                }
            } catch (FrameGrabber.Exception e) {
                thrown = e;
            }
            assertThat(thrown)
                    .as("decoding past the grown header")
                    .isNotNull()
                    .hasMessageContaining("the stream claims 1024x1024 pictures (1.0 Mpx)")
                    .hasMessageContaining("darkroom.budgets.source-pixels");
        }
        assertThat(decoded).isEqualTo(20);

        // without the budget in the way the decoder would hand out 1024x1024 pictures
        try (VideoDecoder d = VideoDecoder.open(grows, "1")) {
            int big = 0;
            for (Frame f = d.next(); f != null; f = d.next()) {
                big += f.imageWidth == 1024 ? 1 : 0;
            }
            assertThat(big).isPositive();
        }
    }

    @Test
    void aGrownStreamFailsItsTaskAsBadInputNamingTheSourceAndTheBudget() throws Exception {
        Path media = java.nio.file.Files.createDirectories(dir.resolve("media"));
        HostileSources.growingMidStream(media, SampleMedia.file(SampleMedia.GOPRO), 20, 1024, 1024);
        MediaInfo info = Probe.probe(media.resolve("grows-to-1024x1024.h264"));
        StorageRoots roots = new StorageRoots(Map.of("media", media, "out", dir));
        RenderTask task = new RenderTask(
                RenderTask.SCHEMA,
                "t-grows",
                "j-grows",
                "c",
                1,
                RenderTask.TaskKind.VIDEO_SEGMENT,
                new SourceRef("media", "grows-to-1024x1024.h264"),
                0,
                0,
                Long.MAX_VALUE,
                info.frameCount(),
                info.fpsNum(),
                info.fpsDen(),
                0,
                List.of(RenderFixtures.output("review", "h264-review", 320, 180)),
                new SourceRef("out", "grows/seg0"),
                null,
                null,
                null,
                null,
                null);
        JavacvTaskRenderer renderer =
                new JavacvTaskRenderer(roots, "1", dir.resolve("ops"), new Upscalers(null), 848L * 480 * 2);

        assertThatThrownBy(() -> renderer.render(task, RenderFixtures.context()))
                .isInstanceOfSatisfying(RenderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.BAD_INPUT);
                    assertThat(e.getMessage())
                            .contains("of media:grows-to-1024x1024.h264")
                            .contains("cannot decode the source: the stream claims 1024x1024 pictures")
                            .doesNotContain(dir.toString());
                });
    }

    @Test
    void javacvMessagesLoseHostPathsAndProgrammerHints() {
        String open = Failures.words(new FrameGrabber.Exception("avformat_open_input() error -1094995529: Could not"
                + " open input \"file:" + dir + "/day 3/A001.mov\". (Has setFormat() been called?)"));
        String codec = Failures.words(new FrameGrabber.Exception("avcodec_open2() error -22: Could not open video"
                + " codec. (For more details, make sure FFmpegLogCallback.set() has been called.)"));

        assertThat(open).isEqualTo("avformat_open_input() error -1094995529: Could not open input \"A001.mov\".");
        assertThat(codec).isEqualTo("avcodec_open2() error -22: Could not open video codec.");
    }
}
