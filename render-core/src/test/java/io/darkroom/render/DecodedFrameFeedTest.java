package io.darkroom.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.media.SampleMedia;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameFilter;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A decoder's pictures fed into an output graph by reference give the same output pictures, byte for byte, as the
 * packed copies JavaCV's own push takes: padded rows (848 wide), 10-bit, and sources whose frames carry a colour
 * description the graph must not start to act on (BT.2020 HLG: FFmpeg's scale would pick another matrix).
 */
class DecodedFrameFeedTest {
    private static final int FRAMES = 8;

    @ParameterizedTest
    @ValueSource(strings = {SampleMedia.GOPRO, SampleMedia.VP9_10BIT, SampleMedia.IPHONE_HLG})
    void byReferenceGivesWhatThePackedPushGave(String sample) throws Exception {
        try (VideoDecoder decoder = VideoDecoder.open(SampleMedia.file(sample), "1")) {
            Frame first = decoder.next();
            VideoDecoder.SourceFormat format = decoder.formatOf(first);
            String graph = VideoFilterChain.describe(0, 320, 180, format.fullRange(), "yuv420p");
            FFmpegFrameFilter byReference = VideoFilterChain.start(graph, format);
            FFmpegFrameFilter packed = VideoFilterChain.start(graph, format);
            List<String> fed = new ArrayList<>();
            List<String> copied = new ArrayList<>();
            int n = 0;
            try (DecodedFrameFeed feed = new DecodedFrameFeed(byReference, format.pixelFormat())) {
                assertThat(feed.byReference())
                        .as("this JavaCV's buffer source is reachable")
                        .isTrue();
                for (Frame f = first; f != null && n < FRAMES; f = decoder.next(), n++) {
                    feed.push(f);
                    packed.push(decoder.packed(f), format.pixelFormat());
                    drain(byReference, fed);
                    drain(packed, copied);
                }
                byReference.push(null);
                packed.push(null);
                drain(byReference, fed);
                drain(packed, copied);
            } finally {
                byReference.close();
                packed.close();
            }
            assertThat(n).as("pictures decoded").isGreaterThan(1);
            assertThat(fed).hasSize(n);
            assertThat(fed).as(sample).isEqualTo(copied);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {SampleMedia.IPHONE_HLG})
    void theReferenceCarriesNoneOfTheDecodersProperties(String sample) throws Exception {
        try (VideoDecoder decoder = VideoDecoder.open(SampleMedia.file(sample), "1")) {
            Frame first = decoder.next();
            var av = (org.bytedeco.ffmpeg.avutil.AVFrame) first.opaque;
            assertThat(av.colorspace())
                    .as("the sample's own frames say BT.2020")
                    .isNotEqualTo(avutil.AVCOL_SPC_UNSPECIFIED);
            var copy = avutil.av_frame_alloc();
            try {
                assertThat(avutil.av_frame_ref(copy, av)).isZero();
                DecodedFrameFeed.withoutProperties(copy);
                assertThat(copy.colorspace()).isEqualTo(avutil.AVCOL_SPC_UNSPECIFIED);
                assertThat(copy.color_trc()).isEqualTo(avutil.AVCOL_TRC_UNSPECIFIED);
                assertThat(copy.pts()).isEqualTo(avutil.AV_NOPTS_VALUE);
                assertThat(copy.flags()).isZero();
                assertThat(copy.data(0).address())
                        .as("same picture, not a copy")
                        .isEqualTo(av.data(0).address());
            } finally {
                avutil.av_frame_free(copy);
            }
        }
    }

    private static void drain(FFmpegFrameFilter filter, List<String> hashes) throws Exception {
        Frame out;
        while ((out = filter.pull()) != null) {
            if (out.image == null) {
                continue;
            }
            ByteBuffer b = ((ByteBuffer) out.image[0]).duplicate();
            b.position(0);
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(b);
            hashes.add(HexFormat.of().formatHex(md.digest()));
        }
    }
}
