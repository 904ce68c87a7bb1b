package io.darkroom.render;

import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_JPEG;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

import io.darkroom.media.MediaReaders;
import io.darkroom.recipe.Budgets;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * The first video stream of a source, decoded in its native pixel format; audio is never opened.
 *
 * <p>The grabber runs in {@link FrameGrabber.ImageMode#RAW}: {@link #next()} hands out the decoder's own AVFrame
 * ({@code Frame.opaque}), which the output graphs take by reference ({@link DecodedFrameFeed}). A picture is
 * repacked into a tightly packed buffer ({@link FramePacker}) only where one must outlive the next decode (the
 * deinterlacer's primer, {@link #packed}): JavaCV's own buffers are padded per row (linesize 896 for 848 pixels)
 * but {@code FFmpegFrameFilter.push} assumes packed planes, which reads the chroma planes from the wrong offsets
 * (including uninitialised padding: garbage that differs run to run).
 *
 * <p>Timestamps: {@link Frame#timestamp} is {@code best_effort_timestamp x stream time_base} in microseconds
 * (truncated), absolute: JavaCV does NOT subtract the container start time. {@link FFmpegFrameGrabber#setTimestamp}
 * on the other hand ADDS {@code AVFormatContext.start_time} to its argument, so {@link #seekBefore} converts.
 *
 * <p>Frame size: the decoder runs with FFmpeg's {@code max_pixels} from the site's source-pixel budget, so a
 * stream that claims bigger pictures than its header did (a second sequence header half-way through) gets no buffer
 * allocated for them. FFmpeg then drops those pictures without an error, so the decoder's own picture size is looked
 * at on every {@link #next()}: over the budget, decoding stops with a reason that says so.
 */
final class VideoDecoder implements AutoCloseable {
    /**
     * JavaCV keeps the decoder's context private; it is read (never written) to see the size the stream claims. A
     * JavaCV without it: FFmpeg's max_pixels still holds, the reason is less precise.
     */
    private static final Field CODEC_CONTEXT = JavacvInternals.field(FFmpegFrameGrabber.class, "video_c");

    private final FFmpegFrameGrabber grabber;
    private final FramePacker packer = new FramePacker();
    /** What {@link #next()} returns: no image, the decoder's AVFrame as {@code opaque}. */
    private final Frame current = new Frame();

    private final long streamStartUs;
    private final AVStream stream;
    private final long maxPixels;

    /**
     * How a source is decoded.
     *
     * @param threads   FFmpeg decoder threads ("0" = as many as FFmpeg likes)
     * @param maxPixels most pixels of one picture ({@code darkroom.budgets.source-pixels}); FFmpeg allocates none
     *                  bigger
     */
    record Settings(String threads, long maxPixels) {
        Settings {
            if (maxPixels < 1) {
                throw new IllegalArgumentException("maxPixels must be positive: " + maxPixels);
            }
        }

        /** These threads and the default source-pixel budget. */
        static Settings of(String threads) {
            return new Settings(threads, Budgets.DEFAULT_SOURCE_PIXELS);
        }
    }

    /**
     * What the filter graph's input needs to know about the decoded pictures.
     *
     * @param colorSpace     FFmpeg matrix name (bt709, bt2020nc ...), null when unspecified
     * @param colorTransfer  FFmpeg transfer name (bt709, smpte2084, arib-std-b67 ...), null when unspecified
     * @param colorPrimaries FFmpeg primaries name, null when unspecified
     * @param fieldOrder     the stream's field order as ffprobe names it (progressive, tt, bb, tb, bt), null unknown
     * @param sarNum         sample aspect numerator (1 when unknown)
     * @param sarDen         sample aspect denominator (1 when unknown)
     */
    record SourceFormat(
            int pixelFormat,
            int width,
            int height,
            boolean fullRange,
            double frameRate,
            double sar,
            String colorSpace,
            String colorTransfer,
            String colorPrimaries,
            String fieldOrder,
            int sarNum,
            int sarDen) {}

    private VideoDecoder(FFmpegFrameGrabber grabber, long streamStartUs, AVStream stream, long maxPixels) {
        this.grabber = grabber;
        this.streamStartUs = streamStartUs;
        this.stream = stream;
        this.maxPixels = maxPixels;
    }

    static VideoDecoder open(Path file, String threads) throws FrameGrabber.Exception {
        return open(file, Settings.of(threads));
    }

    static VideoDecoder open(Path file, Settings settings) throws FrameGrabber.Exception {
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(MediaReaders.url(file));
        MediaReaders.grabberOptions().forEach(g::setOption);
        // no stream has this index: the audio decoder is never opened, audio packets are skipped undecoded
        g.setAudioStream(Integer.MAX_VALUE);
        g.setImageMode(FrameGrabber.ImageMode.RAW);
        g.setVideoOption("threads", settings.threads());
        MediaReaders.decoderOptions(settings.maxPixels()).forEach(g::setVideoOption);
        try {
            g.start();
            AVStream st = videoStream(g.getFormatContext());
            if (!g.hasVideo() || st == null) {
                throw new FrameGrabber.Exception("no video stream in " + file.getFileName());
            }
            checkSize(g.getImageWidth(), g.getImageHeight(), settings.maxPixels(), "its header claims");
            long startUs = st.start_time() == AV_NOPTS_VALUE
                    ? 0
                    : 1_000_000L
                            * st.start_time()
                            * st.time_base().num()
                            / st.time_base().den();
            return new VideoDecoder(g, startUs, st, settings.maxPixels());
        } catch (FrameGrabber.Exception | RuntimeException e) {
            g.close();
            throw e;
        }
    }

    private static AVStream videoStream(AVFormatContext oc) {
        for (int i = 0; i < oc.nb_streams(); i++) {
            if (oc.streams(i).codecpar().codec_type() == avutil.AVMEDIA_TYPE_VIDEO) {
                return oc.streams(i);
            }
        }
        return null;
    }

    /** Presentation time of the stream's first frame per the container, Frame.timestamp scale; 0 if unknown. */
    long streamStartUs() {
        return streamStartUs;
    }

    double frameRate() {
        return grabber.getFrameRate();
    }

    /** The format of a picture this decoder delivered (pixel format, size and range of the decoded AVFrame). */
    SourceFormat formatOf(Frame decoded) {
        AVFrame av = (AVFrame) decoded.opaque;
        double sar =
                av.sample_aspect_ratio().num() > 0 && av.sample_aspect_ratio().den() > 0
                        ? avutil.av_q2d(av.sample_aspect_ratio())
                        : 1.0;
        boolean sarKnown =
                av.sample_aspect_ratio().num() > 0 && av.sample_aspect_ratio().den() > 0;
        var par = stream.codecpar();
        String space = name(avutil.av_color_space_name(
                av.colorspace() != avutil.AVCOL_SPC_UNSPECIFIED ? av.colorspace() : par.color_space()));
        String trc = name(avutil.av_color_transfer_name(
                av.color_trc() != avutil.AVCOL_TRC_UNSPECIFIED ? av.color_trc() : par.color_trc()));
        String prim = name(avutil.av_color_primaries_name(
                av.color_primaries() != avutil.AVCOL_PRI_UNSPECIFIED ? av.color_primaries() : par.color_primaries()));
        return new SourceFormat(
                av.format(),
                av.width(),
                av.height(),
                av.color_range() == AVCOL_RANGE_JPEG,
                frameRate() > 0 ? frameRate() : 25,
                sar,
                space,
                trc,
                prim,
                fieldOrder(par.field_order()),
                sarKnown ? av.sample_aspect_ratio().num() : 1,
                sarKnown ? av.sample_aspect_ratio().den() : 1);
    }

    private static String name(org.bytedeco.javacpp.BytePointer p) {
        if (p == null || p.isNull()) {
            return null;
        }
        String s = p.getString();
        return s.isEmpty() || "unknown".equals(s) || "unspecified".equals(s) || "reserved".equals(s) ? null : s;
    }

    /** AVFieldOrder as ffprobe prints it. */
    private static String fieldOrder(int order) {
        return switch (order) {
            case 1 -> "progressive";
            case 2 -> "tt";
            case 3 -> "bb";
            case 4 -> "tb";
            case 5 -> "bt";
            default -> null;
        };
    }

    /**
     * Seeks to the keyframe at or before the absolute time {@code targetUs} (Frame.timestamp scale). JavaCV then
     * decodes forward and discards frames until one at or after {@code targetUs - 1}, which the next
     * {@link #next()} returns. Callers verify the landing (see {@link SegmentWindow}).
     */
    void seekBefore(long targetUs) throws FrameGrabber.Exception {
        long formatStart = grabber.getFormatContext().start_time();
        long offset = formatStart == AV_NOPTS_VALUE ? 0 : formatStart;
        grabber.setTimestamp(targetUs - offset, false);
    }

    /**
     * The next decoded picture, or null at the end of the stream: its timestamp, key-frame flag and size, no image, and
     * the decoder's AVFrame as {@code opaque} (feed it with {@link DecodedFrameFeed}, or {@link #packed} it). The returned
     * frame and its AVFrame are reused by the next call.
     */
    Frame next() throws FrameGrabber.Exception {
        Frame raw = grabber.grabImage();
        AVCodecContext c = codecContext();
        if (c != null && !c.isNull()) {
            checkSize(c.width(), c.height(), maxPixels, "the stream claims");
        }
        if (raw == null) {
            return null;
        }
        if (!(raw.opaque instanceof AVFrame av)) {
            throw new FrameGrabber.Exception("decoded frame carries no AVFrame");
        }
        checkSize(av.width(), av.height(), maxPixels, "the decoder gave");
        current.imageWidth = av.width();
        current.imageHeight = av.height();
        current.timestamp = raw.timestamp;
        current.keyFrame = raw.keyFrame;
        current.opaque = av;
        return current;
    }

    /**
     * The picture {@link #next()} returned, copied into a packed buffer (the layout {@code FFmpegFrameFilter.push}
     * reads) that the next call reuses: {@code clone()} it to keep it.
     */
    Frame packed(Frame decoded) throws FrameGrabber.Exception {
        if (!(decoded.opaque instanceof AVFrame av)) {
            throw new FrameGrabber.Exception("decoded frame carries no AVFrame");
        }
        return packer.pack(av, decoded.timestamp, decoded.keyFrame);
    }

    /** Refuses a picture size over the budget, in words a person can act on. */
    static void checkSize(int width, int height, long maxPixels, String who) throws FrameGrabber.Exception {
        long px = (long) width * height;
        if (px > maxPixels) {
            throw new FrameGrabber.Exception(String.format(
                    Locale.ROOT,
                    "%s %dx%d pictures (%.1f Mpx), over this site's source budget of %.1f Mpx"
                            + " (darkroom.budgets.source-pixels); not decoded",
                    who,
                    width,
                    height,
                    px / 1e6,
                    maxPixels / 1e6));
        }
    }

    private AVCodecContext codecContext() {
        return (AVCodecContext) JavacvInternals.read(CODEC_CONTEXT, grabber);
    }

    @Override
    public void close() throws FrameGrabber.Exception {
        try {
            grabber.close();
        } finally {
            packer.close();
        }
    }
}
