package io.darkroom.render;

import java.nio.ByteBuffer;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Copies a decoded AVFrame into one tightly packed buffer (planes back to back, no row padding), the layout
 * {@code FFmpegFrameFilter.push(frame, pixelFormat)} expects. One buffer, reused while format and size stay.
 */
final class FramePacker implements AutoCloseable {
    private final Frame frame = new Frame();
    private BytePointer buffer;
    private int format = -1;
    private int width;
    private int height;
    private int size;

    Frame pack(AVFrame av, long timestamp, boolean keyFrame) throws FrameGrabber.Exception {
        if (av.format() != format || av.width() != width || av.height() != height) {
            allocate(av);
        }
        int copied = avutil.av_image_copy_to_buffer(buffer, size, av.data(), av.linesize(), format, width, height, 1);
        if (copied < 0) {
            throw new FrameGrabber.Exception("av_image_copy_to_buffer() error " + copied + " for pixel format " + format
                    + " " + width + "x" + height);
        }
        frame.timestamp = timestamp;
        frame.keyFrame = keyFrame;
        frame.opaque = av;
        return frame;
    }

    private void allocate(AVFrame av) throws FrameGrabber.Exception {
        close();
        format = av.format();
        width = av.width();
        height = av.height();
        size = avutil.av_image_get_buffer_size(format, width, height, 1);
        if (size <= 0) {
            throw new FrameGrabber.Exception("cannot pack pixel format " + format + " " + width + "x" + height);
        }
        buffer = new BytePointer(size);
        ByteBuffer bytes = buffer.asByteBuffer();
        frame.imageWidth = width;
        frame.imageHeight = height;
        frame.imageDepth = Frame.DEPTH_UBYTE;
        frame.imageStride = avutil.av_image_get_linesize(format, width, 0);
        frame.imageChannels = Math.max(1, frame.imageStride / Math.max(1, width));
        frame.image = new ByteBuffer[] {bytes};
    }

    @Override
    public void close() {
        if (buffer != null) {
            buffer.close();
            buffer = null;
        }
    }
}
