package io.darkroom.render;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameFilter;
import org.bytedeco.javacv.FrameFilter;

/**
 * Builds the FFmpeg filter graph text for one output: rotation (clockwise degrees, as in
 * {@code RenderTask.rotation}), scale to the output size with explicit range handling, output pixel format and
 * square pixels. No user text ever reaches the graph: every value here is an integer or a fixed name.
 */
final class VideoFilterChain {
    private VideoFilterChain() {
    }

    static String describe(int rotation, int width, int height, boolean fullRangeSource, String pixelFormat) {
        List<String> parts = new ArrayList<>();
        switch (((rotation % 360) + 360) % 360) {
            case 0 -> { }
            case 90 -> parts.add("transpose=clock");
            case 180 -> {
                parts.add("hflip");
                parts.add("vflip");
            }
            case 270 -> parts.add("transpose=cclock");
            default -> throw new IllegalArgumentException("rotation must be a multiple of 90, was " + rotation);
        }
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("output size must be positive, was " + width + "x" + height);
        }
        parts.add("scale=w=" + width + ":h=" + height + ":flags=bicubic"
                + (fullRangeSource ? ":in_range=full" : "") + ":out_range=limited");
        parts.add("format=" + checkedName(pixelFormat));
        parts.add("setsar=1");
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
