package io.darkroom.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.darkroom.media.SampleMedia;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacv.FrameGrabber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker's decoder opens sources with the same allowlists as the probe: a playlist that got this far is refused. */
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
}
