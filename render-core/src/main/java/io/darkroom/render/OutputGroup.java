package io.darkroom.render;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameFilter;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameFilter;
import org.bytedeco.javacv.FrameRecorder;

/**
 * One filter graph and the outputs it feeds. Outputs with the same rotation, size and pixel format share a graph;
 * every graph receives every decoded frame (decode once, encode many).
 */
final class OutputGroup implements AutoCloseable {
    private final String graph;
    private final FFmpegFrameFilter filter;
    /** Decoded pictures into the graph by reference. */
    private final DecodedFrameFeed feed;

    private final int inputPixelFormat;
    private final int outputPixelFormat;
    private final List<EncodedOutput> outputs = new ArrayList<>();
    private final UpscaleStage upscale;
    /** Outputs still to drop: one per primer frame pushed ({@link #prime}). */
    private int primers;
    /** Frames of the segment pushed, and outputs passed on to the upscale or the encoders. */
    private long pushed;

    private long passed;
    /** Whether the frame after the segment was pushed ({@link #trail}). */
    private boolean trailed;

    /**
     * @param outputPixelFormat what the graph ends with ({@code format=...}); passed to the recorder explicitly:
     *                          a pulled Frame's {@code opaque} is a BytePointer, not an AVFrame, so
     *                          {@code recorder.record(frame)} would guess GRAY8 from depth and channels and drop
     *                          the chroma
     */
    OutputGroup(String graph, FFmpegFrameFilter filter, int inputPixelFormat, int outputPixelFormat) {
        this(graph, filter, inputPixelFormat, outputPixelFormat, null);
    }

    /**
     * @param upscale null, or the upscale stage between this graph (which then ends in rgb48le) and the encoders
     */
    OutputGroup(
            String graph, FFmpegFrameFilter filter, int inputPixelFormat, int outputPixelFormat, UpscaleStage upscale) {
        this.upscale = upscale;
        this.graph = graph;
        this.filter = filter;
        this.feed = new DecodedFrameFeed(filter, inputPixelFormat);
        this.inputPixelFormat = inputPixelFormat;
        this.outputPixelFormat = outputPixelFormat;
    }

    String graph() {
        return graph;
    }

    void add(EncodedOutput output) {
        outputs.add(output);
    }

    List<EncodedOutput> outputs() {
        return outputs;
    }

    /**
     * Primes the graph with the frame just before the segment: a deinterlacer (bwdif, yadif) then sees the same
     * previous frame at the segment's first frame as in a single pass, so split and single-pass renders are
     * bit-exact. The graph's first output (the primer itself) is dropped before any upscale or encoder.
     *
     * @param previous a packed copy ({@link VideoDecoder#packed}, cloned): the decoder has moved on since
     */
    void prime(Frame previous) throws FrameFilter.Exception, FrameRecorder.Exception {
        filter.push(previous, inputPixelFormat);
        primers++;
        drain();
    }

    /** A picture {@link VideoDecoder#next()} just returned. */
    void push(Frame decoded) throws FrameFilter.Exception, FrameRecorder.Exception {
        feed.push(decoded);
        pushed++;
        drain();
    }

    /**
     * Gives the graph the frame just after the segment, so that a deinterlacer sees the same next frame at the
     * segment's last frame as in a single pass; from now on the graph passes on no more outputs than frames pushed
     * ({@link #push}): the trailer's own output is dropped.
     */
    void trail(Frame next) throws FrameFilter.Exception, FrameRecorder.Exception {
        feed.push(next);
        trailed = true;
        drain();
    }

    /** Signals end of stream to the graph and encodes whatever it still held. */
    void flush() throws FrameFilter.Exception, FrameRecorder.Exception {
        filter.push(null);
        drain();
        if (upscale != null) {
            upscale.flush();
            drainUpscaled();
        }
    }

    UpscaleStage upscale() {
        return upscale;
    }

    private void drain() throws FrameFilter.Exception, FrameRecorder.Exception {
        Frame out;
        while ((out = filter.pull()) != null) {
            if (out.image == null) {
                continue;
            }
            if (primers > 0) {
                primers--;
                continue;
            }
            if (trailed && passed >= pushed) {
                continue;
            }
            passed++;
            if (upscale != null) {
                upscale.push(out);
                drainUpscaled();
                continue;
            }
            fixStride(out);
            for (EncodedOutput o : outputs) {
                o.record(out, outputPixelFormat);
            }
        }
    }

    private void drainUpscaled() throws FrameFilter.Exception, FrameRecorder.Exception {
        Frame out;
        while ((out = upscale.pull()) != null) {
            if (out.image == null) {
                continue;
            }
            fixStride(out);
            for (EncodedOutput o : outputs) {
                o.record(out, outputPixelFormat);
            }
        }
    }

    /**
     * The recorder takes {@code imageStride * depth / 8} as the byte length of a luma row ({@code linesize[0]}).
     * A pulled frame holds the picture packed with no padding but reports {@code DEPTH_UBYTE} and a stride of
     * {@code width} for planar formats: right for 8-bit, half the row for 10-bit (yuv422p10le, ProRes), which
     * trips FFmpeg's {@code av_image_copy} assertion and aborts the JVM. The packed row length is what
     * {@code av_image_get_linesize} says for plane 0.
     */
    private void fixStride(Frame out) {
        if (out.imageDepth == Frame.DEPTH_UBYTE || out.imageDepth == Frame.DEPTH_BYTE) {
            int row = avutil.av_image_get_linesize(outputPixelFormat, out.imageWidth, 0);
            if (row > 0 && out.imageStride != row) {
                out.imageStride = row;
            }
        }
    }

    @Override
    public void close() throws FrameFilter.Exception {
        if (upscale != null) {
            upscale.close();
        }
        feed.close();
        filter.close();
    }
}
