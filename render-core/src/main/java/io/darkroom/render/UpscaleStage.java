package io.darkroom.render;

import io.darkroom.models.upscale.RgbImage;
import io.darkroom.render.ops.FilterGraphBuilder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameFilter;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameFilter;

/**
 * The part of an output's chain after its ops graph when the output has an upscale op: each picture leaves the ops
 * graph as {@code rgb48le} (16 bits per sample: 10-bit sources keep their precision), becomes an {@link RgbImage}
 * (code / 65535, unclipped), goes through the upscaler, is clipped and rounded once to 16-bit codes, and enters a
 * second graph that scales it to the output size and converts it to the output's pixel format (limited range,
 * BT.709 matrix, as the ops chain does). Both conversions between Y'CbCr and 16-bit RGB are zimg's ({@code zscale}),
 * exact inverses of each other.
 */
final class UpscaleStage implements AutoCloseable {
    static final String POST_SWS_FLAGS = "bicubic+accurate_rnd+full_chroma_int";

    private final Upscalers.Loaded loaded;
    private final int inWidth;
    private final int inHeight;
    private final int upWidth;
    private final int upHeight;
    private final String postGraph;
    private final FFmpegFrameFilter post;
    private long frames;
    private long nanos;

    private UpscaleStage(Upscalers.Loaded loaded, int inWidth, int inHeight, String postGraph, FFmpegFrameFilter post) {
        this.loaded = loaded;
        this.inWidth = inWidth;
        this.inHeight = inHeight;
        this.upWidth = inWidth * loaded.upscaler().scale();
        this.upHeight = inHeight * loaded.upscaler().scale();
        this.postGraph = postGraph;
        this.post = post;
    }

    /**
     * The graph after the upscaler: to the output's size and pixel format. To Y'CbCr with zimg (limited range,
     * BT.709 matrix, rounded, no dither): the exact inverse of the ops graph's {@code zscale} into 16-bit RGB, so
     * full scale 65535 is white (940 at 10 bits) and 10-bit codes that went through untouched come back unchanged
     * (swscale's 16-bit RGB to YUV put 65535 at 943; see {@code FilterGraphBuilder.zimgToRgb}).
     */
    static String postGraph(int outWidth, int outHeight, String pixelFormat) {
        boolean rgb = pixelFormat.startsWith("rgb") || pixelFormat.startsWith("gbr") || pixelFormat.startsWith("bgr");
        if (rgb) {
            return "scale=w=" + outWidth + ":h=" + outHeight + ":flags=" + POST_SWS_FLAGS + ",format=" + pixelFormat
                    + ",setsar=1";
        }
        return "format=gbrp16le,zscale=w=" + outWidth + ":h=" + outHeight + ":filter=bicubic:rangein=full:range=limited"
                + ":matrix=709:" + FilterGraphBuilder.ZIMG_SAME_709 + ":dither=none,format=" + pixelFormat
                + ",setsar=1";
    }

    static UpscaleStage start(
            Upscalers.Loaded loaded,
            int inWidth,
            int inHeight,
            int outWidth,
            int outHeight,
            String pixelFormat,
            double fps)
            throws FrameFilter.Exception {
        int s = loaded.upscaler().scale();
        String graph = postGraph(outWidth, outHeight, pixelFormat);
        FFmpegFrameFilter f = new FFmpegFrameFilter(graph, inWidth * s, inHeight * s);
        f.setPixelFormat(avutil.AV_PIX_FMT_RGB48LE);
        f.setFrameRate(fps > 0 ? fps : 25);
        f.setAspectRatio(1);
        try {
            f.start();
        } catch (FrameFilter.Exception | RuntimeException e) {
            f.close();
            throw e;
        }
        return new UpscaleStage(loaded, inWidth, inHeight, graph, f);
    }

    Upscalers.Loaded loaded() {
        return loaded;
    }

    String describe() {
        return "upscale " + loaded.model() + " x" + loaded.upscaler().scale() + " " + inWidth + "x" + inHeight + " on "
                + loaded.executionProvider() + ", then " + postGraph;
    }

    /** Upscales one rgb48le picture pulled from the ops graph and pushes it into the post graph. */
    void push(Frame rgb48) throws FrameFilter.Exception {
        if (rgb48.imageWidth != inWidth || rgb48.imageHeight != inHeight) {
            throw new IllegalStateException("ops graph gave " + rgb48.imageWidth + "x" + rgb48.imageHeight
                    + ", the upscale stage expects " + inWidth + "x" + inHeight);
        }
        long t0 = System.nanoTime();
        RgbImage up = loaded.upscaler().upscale(toImage(rgb48));
        Frame out = toFrame(up);
        nanos += System.nanoTime() - t0;
        frames++;
        post.push(out, avutil.AV_PIX_FMT_RGB48LE);
    }

    /** The next picture of the post graph, or null. */
    Frame pull() throws FrameFilter.Exception {
        return post.pull();
    }

    void flush() throws FrameFilter.Exception {
        post.push(null);
    }

    long frames() {
        return frames;
    }

    long nanos() {
        return nanos;
    }

    /** A packed rgb48le picture (row stride in bytes, as FFmpegFrameFilter reports it) as normalised planes. */
    static RgbImage toImage(Frame f) {
        int w = f.imageWidth;
        int h = f.imageHeight;
        ByteBuffer buf = ((ByteBuffer) f.image[0]).duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int strideBytes = f.imageDepth == Frame.DEPTH_UBYTE || f.imageDepth == Frame.DEPTH_BYTE
                ? f.imageStride
                : f.imageStride * 2;
        if (strideBytes < w * 6) {
            strideBytes = w * 6;
        }
        RgbImage img = RgbImage.blank(w, h);
        float[] r = img.plane(0);
        float[] g = img.plane(1);
        float[] b = img.plane(2);
        float k = 1f / 65535f;
        for (int y = 0; y < h; y++) {
            int row = y * strideBytes;
            int p = y * w;
            for (int x = 0; x < w; x++, p++) {
                int o = row + x * 6;
                r[p] = (buf.getShort(o) & 0xffff) * k;
                g[p] = (buf.getShort(o + 2) & 0xffff) * k;
                b[p] = (buf.getShort(o + 4) & 0xffff) * k;
            }
        }
        return img;
    }

    /** Clipped and rounded once, to 16-bit codes, in a JavaCV frame (DEPTH_USHORT, 3 channels, native order). */
    static Frame toFrame(RgbImage img) {
        int w = img.width();
        int h = img.height();
        Frame f = new Frame(w, h, Frame.DEPTH_USHORT, 3);
        ShortBuffer sb = (ShortBuffer) f.image[0];
        int stride = f.imageStride;
        float[] r = img.plane(0);
        float[] g = img.plane(1);
        float[] b = img.plane(2);
        for (int y = 0; y < h; y++) {
            int row = y * stride;
            int p = y * w;
            for (int x = 0; x < w; x++, p++) {
                int o = row + x * 3;
                sb.put(o, code(r[p]));
                sb.put(o + 1, code(g[p]));
                sb.put(o + 2, code(b[p]));
            }
        }
        return f;
    }

    private static short code(float v) {
        double c = Math.rint(v * 65535.0);
        return (short) (int) Math.max(0, Math.min(65535, c));
    }

    @Override
    public void close() throws FrameFilter.Exception {
        post.close();
    }
}
