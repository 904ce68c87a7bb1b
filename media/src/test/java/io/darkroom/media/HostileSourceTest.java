package io.darkroom.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.darkroom.recipe.Problem;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that make FFmpeg reach out: playlists naming a network segment, a file outside the root through
 * {@code subfile:} or {@code concat:}, an ffconcat list. Each is refused by Darkroom's own allowlists, with a message
 * that names the file and the reason but no host path and no FFmpeg output, and nothing connects to the listener.
 */
class HostileSourceTest {
    @TempDir
    Path root;

    ServerSocketChannel listener;
    int port;

    @BeforeEach
    void listen() throws Exception {
        listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        listener.configureBlocking(false);
        port = listener.socket().getLocalPort();
    }

    @AfterEach
    void close() throws Exception {
        listener.close();
    }

    private void assertNobodyConnected() throws Exception {
        assertThat(listener.accept())
                .as("a connection reached the listener on port " + port)
                .isNull();
    }

    private static void assertRefused(Path file, String reason) {
        assertThatThrownBy(() -> Probe.probe(file))
                .isInstanceOf(ProbeException.class)
                .satisfies(e -> assertThat(((ProbeException) e).problem()).isEqualTo(Problem.NOT_MEDIA))
                .hasMessageStartingWith(file.getFileName() + " is not a media file Darkroom can read")
                .satisfies(e -> assertThat(e.getMessage()).contains(reason))
                .satisfies(e -> assertThat(e.getMessage())
                        .doesNotContain(file.getParent().toString())
                        .doesNotContain("@ 0x")
                        .doesNotContain("whitelist"));
    }

    @Test
    void anHlsPlaylistNamingAnHttpSegmentIsRefusedWithoutConnecting() throws Exception {
        Path playlist = Files.writeString(
                root.resolve("day12.m3u8"),
                "#EXTM3U\n#EXT-X-TARGETDURATION:10\n" + "#EXTINF:10,\nhttp://127.0.0.1:" + port
                        + "/seg0.ts\n#EXT-X-ENDLIST\n");

        assertRefused(playlist, "'hls' file");
        assertThat(Keyframes.of(playlist)).isEmpty();
        assertNobodyConnected();
    }

    @Test
    void aPlaylistWithAMisleadingExtensionIsStillRefused() throws Exception {
        Path playlist = Files.writeString(
                root.resolve("A001C003.mov"),
                "#EXTM3U\n#EXTINF:10,\nhttp://localhost:" + port + "/x.ts\n#EXT-X-ENDLIST\n");

        assertRefused(playlist, ""); // probed as MOV by its extension: no moov atom, refused before any playlist logic
        assertNobodyConnected();
    }

    @Test
    void subfileAndConcatProtocolsInAPlaylistCannotReadOutsideTheRoot() throws Exception {
        Path outside = SampleMedia.file(SampleMedia.VP9_10BIT);
        Path subfile = Files.writeString(
                root.resolve("sub.m3u8"),
                "#EXTM3U\n#EXTINF:10,\nsubfile,,start,0,end," + Files.size(outside) + ",,:" + outside
                        + "\n#EXT-X-ENDLIST\n");
        Path concat = Files.writeString(
                root.resolve("cat.m3u8"),
                "#EXTM3U\n#EXTINF:10,\nconcat:" + outside + "|" + outside + "\n#EXT-X-ENDLIST\n");

        assertRefused(subfile, "");
        assertRefused(concat, "");
    }

    @Test
    void anFfconcatListNamingAFileOutsideTheRootIsRefused() throws Exception {
        Path list = Files.writeString(
                root.resolve("reel.ffconcat"),
                "ffconcat version 1.0\nfile " + SampleMedia.file(SampleMedia.VP9_10BIT) + "\n");

        assertRefused(list, "'concat' file");
    }

    @Test
    void aFileNamedLikeAProtocolIsReadAsAFile() throws Exception {
        Path real = SampleMedia.file(SampleMedia.VP9_10BIT);
        Path named = Files.copy(
                real, Files.createDirectories(root.resolve("concat:a")).resolve("clip.webm"));

        assertThat(Probe.probe(named).frameCount()).isEqualTo(Probe.probe(real).frameCount());
    }

    @Test
    void theAllowlistsNameTheRefusal() {
        assertThat(MediaReaders.refusal("[dash @ 0x55e9afced240] Format not on whitelist 'mov'"))
                .hasValueSatisfying(why -> assertThat(why).contains("'dash' file"));
        assertThat(MediaReaders.refusal("Protocol 'http' not on whitelist 'file'!"))
                .hasValueSatisfying(why -> assertThat(why).contains("protocol 'http'"));
        assertThat(MediaReaders.refusal("Invalid data found when processing input"))
                .isEmpty();
    }

    @Test
    void pictureBiggerThanTheBudgetIsRefusedByTheDecoderAsOverBudget() {
        Path clip = SampleMedia.file(SampleMedia.VP9_10BIT); // 426x240

        assertThatThrownBy(() -> Probe.probe(clip, 320L * 240))
                .isInstanceOfSatisfying(
                        ProbeException.class, e -> assertThat(e.problem()).isEqualTo(Problem.OVER_BUDGET))
                .hasMessageStartingWith("vp9_profile2_10bit_roadtrip.webm holds pictures of ")
                .hasMessageEndingWith("this site takes sources up to 0.1 Mpx (darkroom.budgets.source-pixels)");
        // exactly the budget: FFmpeg's stride padding (426 is allocated 448 wide) is not held against it
        assertThat(Probe.probe(clip, 426L * 240).width()).isEqualTo(426);
    }

    @Test
    void maxPixelsRefusalsAreReadFromFfmpeg() {
        assertThat(MediaReaders.overMaxPixels("[h264 @ 0x55] [IMGUTILS @ 0x7f] Picture size 3840x2160 exceeds"
                        + " specified max pixel count 1000, see the documentation if you wish to increase it"))
                .hasValueSatisfying(v -> assertThat(v).containsExactly(3840L, 2160L, 1000L));
        assertThat(MediaReaders.overMaxPixels("Picture size 0x0 is invalid")).isEmpty();
        assertThat(MediaReaders.inputOptions(8000)).containsSequence("-max_pixels", "9000");
    }
}
