package io.darkroom.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.models.upscale.RgbImage;
import io.darkroom.render.ops.FilterGraphBuilder;
import io.darkroom.render.ops.OpsEnvironment;
import io.darkroom.render.ops.SourceTraits;
import io.darkroom.render.ops.Target;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameFilter;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two conversions around the upscaler, without a model: the ops graph's Y'CbCr to 16-bit RGB and the post graph's
 * way back. Limited-range white must be 65535 going in (the {@code RgbImage} contract: code / 65535) and 65535 must
 * be white coming out; every 10-bit code must come back unchanged. (swscale, which these graphs used before, put
 * 10-bit white at 65283 and 65535 at 943.)
 */
class UpscaleStageColourTest {
    private static final int W = 64;
    private static final int H = 16;

    @TempDir
    Path temp;

    @Test
    void tenBitCodesGoToExactSixteenBitRgbAndComeBackUnchanged() throws Exception {
        // a yuv422p10le ramp over the whole limited range, 64 .. 940, neutral chroma
        int[] y = new int[W * H];
        for (int i = 0; i < y.length; i++) {
            y[i] = 64 + (int) Math.round(i * 876.0 / (y.length - 1));
        }
        SourceTraits src =
                new SourceTraits(W, H, 1, 1, 0, "yuv422p10le", false, "bt709", SourceTraits.FieldOrder.PROGRESSIVE);
        String ops = new FilterGraphBuilder(OpsEnvironment.of(temp, r -> temp.resolve(r.path())))
                .build(List.of(), src, new Target(W, H, "rgb48le"), null)
                .graph();
        assertThat(ops).startsWith("zscale=");

        RgbImage rgb;
        try (FFmpegFrameFilter f = new FFmpegFrameFilter(ops, W, H)) {
            f.setPixelFormat(avutil.AV_PIX_FMT_YUV422P10LE);
            f.start();
            f.push(yuv422p10(y), avutil.AV_PIX_FMT_YUV422P10LE);
            rgb = UpscaleStage.toImage(f.pull());
        }
        for (int i = 0; i < y.length; i++) {
            double want = (y[i] - 64) / 876.0;
            for (int c = 0; c < 3; c++) {
                assertThat((double) rgb.plane(c)[i])
                        .as("code %d channel %d", y[i], c)
                        .isCloseTo(want, org.assertj.core.data.Offset.offset(0.6 / 65535));
            }
        }
        assertThat(rgb.plane(1)[y.length - 1])
                .as("10-bit white 940 is full scale")
                .isEqualTo(1f);
        assertThat(rgb.plane(1)[0]).as("10-bit black 64 is 0").isEqualTo(0f);

        try (FFmpegFrameFilter post = new FFmpegFrameFilter(UpscaleStage.postGraph(W, H, "yuv422p10le"), W, H)) {
            post.setPixelFormat(avutil.AV_PIX_FMT_RGB48LE);
            post.start();
            post.push(UpscaleStage.toFrame(rgb), avutil.AV_PIX_FMT_RGB48LE);
            int[][] back = planes(post.pull());
            assertThat(back[0]).as("luma codes round trip").isEqualTo(y);
            assertThat(back[1]).as("Cb").containsOnly(512);
            assertThat(back[2]).as("Cr").containsOnly(512);

            // and full-scale RGB is exactly limited-range white / black, BT.709 red where it should be
            post.push(UpscaleStage.toFrame(RgbImage.filled(W, H, 1f, 1f, 1f)), avutil.AV_PIX_FMT_RGB48LE);
            assertThat(planes(post.pull())[0]).containsOnly(940);
            post.push(UpscaleStage.toFrame(RgbImage.filled(W, H, 0f, 0f, 0f)), avutil.AV_PIX_FMT_RGB48LE);
            assertThat(planes(post.pull())[0]).containsOnly(64);
            post.push(UpscaleStage.toFrame(RgbImage.filled(W, H, 1f, 0f, 0f)), avutil.AV_PIX_FMT_RGB48LE);
            int[][] red = planes(post.pull());
            // Y' = 64 + 876 x 0.2126, Cb = 512 - 896 x 0.2126 / 1.8556, Cr = 512 + 896 / 2
            assertThat(red[0]).containsOnly(250);
            assertThat(red[1]).containsOnly(409);
            assertThat(red[2]).containsOnly(960);
        }
    }

    /** A packed yuv422p10le frame (planes back to back, no padding), as FramePacker hands them to the filters. */
    private static Frame yuv422p10(int[] luma) {
        ByteBuffer b = ByteBuffer.allocate((W * H + W * H) * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : luma) {
            b.putShort((short) v);
        }
        for (int i = 0; i < W * H; i++) {
            b.putShort((short) 512);
        }
        b.rewind();
        Frame f = new Frame();
        f.imageWidth = W;
        f.imageHeight = H;
        f.imageDepth = Frame.DEPTH_UBYTE;
        f.imageStride = W * 2;
        f.imageChannels = 2;
        f.image = new ByteBuffer[] {b};
        return f;
    }

    /** A pulled yuv422p10le picture as Y, Cb, Cr code arrays (JavaCV packs the planes back to back). */
    private static int[][] planes(Frame f) {
        ByteBuffer b = ((ByteBuffer) f.image[0]).duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int[][] p = {new int[W * H], new int[W / 2 * H], new int[W / 2 * H]};
        int o = 0;
        for (int[] plane : p) {
            for (int i = 0; i < plane.length; i++, o += 2) {
                plane[i] = b.getShort(o) & 0xffff;
            }
        }
        return p;
    }
}
