package io.darkroom.render;

import static org.bytedeco.ffmpeg.global.avutil.AVCHROMA_LOC_UNSPECIFIED;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_PRI_UNSPECIFIED;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_UNSPECIFIED;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_UNSPECIFIED;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_TRC_UNSPECIFIED;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_NONE;

import java.lang.reflect.Field;
import org.bytedeco.ffmpeg.avfilter.AVFilterContext;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avfilter;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameFilter;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameFilter;

/**
 * Feeds a decoder's pictures into one output's filter graph by reference, as FFmpeg's own pipeline does, instead of
 * through {@code FFmpegFrameFilter.push}: that takes a packed buffer (so every picture was first repacked, and
 * JavaCV's buffer source then copied it again, since a packed buffer is not reference-counted): two copies of every
 * decoded picture (6 MB a 1080p frame) per graph. Here the graph's buffer source gets a new reference to the
 * decoder's own AVFrame.
 *
 * <p>The reference carries none of the decoder's frame properties (timestamps, colour description, field flags,
 * aspect, picture type), exactly as JavaCV's packed push carried none: every graph was written and tested against
 * pictures without them (its scale states the ranges it converts, the deinterlacer its parity), and a split render
 * stays bit-exact with the packed path's ({@code DecodedFrameFeedTest}).
 *
 * <p>JavaCV keeps the buffer source in a package-private field; it is read once per graph. A JavaCV without that
 * field gets the packed push, as before.
 */
final class DecodedFrameFeed implements AutoCloseable {
    private static final Field BUFFER_SOURCES = JavacvInternals.field(FFmpegFrameFilter.class, "buffersrc_ctx");

    private final FFmpegFrameFilter filter;
    private final int pixelFormat;
    private final AVFilterContext source;
    private AVFrame reference;
    private FramePacker packer;

    /**
     * @param pixelFormat the graph's input format, for the packed fallback
     */
    DecodedFrameFeed(FFmpegFrameFilter filter, int pixelFormat) {
        this.filter = filter;
        this.pixelFormat = pixelFormat;
        this.source = bufferSource(filter);
    }

    /** Whether pictures go in by reference (false: this JavaCV hides its buffer source; packed pushes). */
    boolean byReference() {
        return source != null;
    }

    /**
     * Hands the graph the picture a {@link VideoDecoder#next()} returned (its {@code opaque} is the decoder's AVFrame);
     * the decoder may reuse its frame as soon as this returns.
     */
    void push(Frame decoded) throws FrameFilter.Exception {
        if (!(decoded.opaque instanceof AVFrame av)) {
            throw new FrameFilter.Exception("decoded frame carries no AVFrame");
        }
        if (source == null) {
            if (packer == null) {
                packer = new FramePacker();
            }
            try {
                filter.push(packer.pack(av, decoded.timestamp, decoded.keyFrame), pixelFormat);
            } catch (org.bytedeco.javacv.FrameGrabber.Exception e) {
                throw new FrameFilter.Exception(e.getMessage(), e);
            }
            return;
        }
        if (reference == null) {
            reference = avutil.av_frame_alloc();
            if (reference == null || reference.isNull()) {
                throw new FrameFilter.Exception("cannot allocate a frame");
            }
        }
        int ret = avutil.av_frame_ref(reference, av);
        if (ret < 0) {
            throw new FrameFilter.Exception("av_frame_ref() error " + ret);
        }
        withoutProperties(reference);
        // no KEEP_REF: the buffer source takes this reference over and leaves the frame blank for the next one
        ret = avfilter.av_buffersrc_add_frame_flags(source, reference, 0);
        if (ret < 0) {
            avutil.av_frame_unref(reference);
            throw new FrameFilter.Exception(
                    "av_buffersrc_add_frame_flags() error " + ret + " feeding the filter graph");
        }
    }

    /** The properties a freshly allocated AVFrame has, which is all JavaCV's packed push ever set. */
    static void withoutProperties(AVFrame f) {
        f.pts(AV_NOPTS_VALUE);
        f.pkt_dts(AV_NOPTS_VALUE);
        f.best_effort_timestamp(AV_NOPTS_VALUE);
        f.duration(0);
        f.time_base(avutil.av_make_q(0, 1));
        f.sample_aspect_ratio(avutil.av_make_q(0, 1));
        f.color_range(AVCOL_RANGE_UNSPECIFIED);
        f.color_primaries(AVCOL_PRI_UNSPECIFIED);
        f.color_trc(AVCOL_TRC_UNSPECIFIED);
        f.colorspace(AVCOL_SPC_UNSPECIFIED);
        f.chroma_location(AVCHROMA_LOC_UNSPECIFIED);
        f.flags(0);
        f.pict_type(AV_PICTURE_TYPE_NONE);
    }

    @Override
    public void close() {
        if (reference != null) {
            avutil.av_frame_free(reference);
            reference = null;
        }
        if (packer != null) {
            packer.close();
            packer = null;
        }
    }

    private static AVFilterContext bufferSource(FFmpegFrameFilter filter) {
        if (JavacvInternals.read(BUFFER_SOURCES, filter) instanceof AVFilterContext[] sources
                && sources.length > 0
                && sources[0] != null
                && !sources[0].isNull()) {
            return sources[0];
        }
        return null;
    }
}
