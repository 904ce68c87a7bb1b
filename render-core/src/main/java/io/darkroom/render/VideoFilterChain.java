package io.darkroom.render;

import io.darkroom.render.ops.Orientation;
import io.darkroom.render.ops.SourceTraits;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameFilter;
import org.bytedeco.javacv.FrameFilter;

/**
 * Builds the FFmpeg filter graph text for one output: the source's VBI crop, orientation (clockwise degrees, as in
 * {@code RenderTask.rotation}, and the display matrix's reflection: {@link Orientation}), scale to the output size
 * with explicit range handling, output pixel format and the output's pixel aspect (square unless it keeps the source
 * anamorphic). No user text ever reaches the graph: every value here is an integer or a fixed name.
 */
final class VideoFilterChain {
    private VideoFilterChain() {}

    static String describe(int rotation, int width, int height, boolean fullRangeSource, String pixelFormat) {
        return describe(
                new SourceTraits(0, 0, 1, 1, rotation, pixelFormat, fullRangeSource, null, null),
                width,
                height,
                fullRangeSource,
                pixelFormat,
                new int[] {1, 1});
    }

    /** The plain chain for a source's traits (crop, orientation) and an output of the given size and pixel aspect. */
    static String describe(
            SourceTraits src, int width, int height, boolean fullRangeSource, String pixelFormat, int[] sar) {
        List<String> parts = new ArrayList<>();
        if (src.cropHeight() > 0) {
            parts.add("crop=w=" + src.width() + ":h=" + src.cropHeight() + ":x=0:y=" + src.cropTop() + ":exact=1");
        }
        parts.addAll(Orientation.filters(src.rotation(), src.mirrored()));
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("output size must be positive, was " + width + "x" + height);
        }
        parts.add("scale=w=" + width + ":h=" + height + ":flags=bicubic" + (fullRangeSource ? ":in_range=full" : "")
                + ":out_range=limited");
        parts.add("format=" + checkedName(pixelFormat));
        parts.add("setsar=" + (sar[0] == sar[1] ? "1" : sar[0] + "/" + sar[1]));
        return String.join(",", parts);
    }

    /** Creates and starts the filter for decoded frames of the given format. */
    static FFmpegFrameFilter start(String graph, VideoDecoder.SourceFormat in) throws FrameFilter.Exception {
        FFmpegFrameFilter filter = new FFmpegFrameFilter(graph, in.width(), in.height());
        filter.setPixelFormat(in.pixelFormat());
        filter.setFrameRate(in.frameRate() > 0 ? in.frameRate() : 25);
        filter.setAspectRatio(in.sar());
        try {
            filter.start();
            return filter;
        } catch (FrameFilter.Exception | RuntimeException e) {
            filter.close();
            throw e;
        }
    }

    private static String checkedName(String pixelFormat) {
        if (pixelFormat == null || !pixelFormat.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("bad pixel format name " + pixelFormat);
        }
        return pixelFormat;
    }
}
