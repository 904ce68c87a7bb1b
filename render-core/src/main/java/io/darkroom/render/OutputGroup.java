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
    private final int inputPixelFormat;
    private final int outputPixelFormat;
    private final List<EncodedOutput> outputs = new ArrayList<>();
    private final UpscaleStage upscale;

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
    OutputGroup(String graph, FFmpegFrameFilter filter, int inputPixelFormat, int outputPixelFormat,
            UpscaleStage upscale) {
        this.upscale = upscale;
        this.graph = graph;
        this.filter = filter;
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

    void push(Frame decoded) throws FrameFilter.Exception, FrameRecorder.Exception {
        filter.push(decoded, inputPixelFormat);
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
        filter.close();
    }
}
