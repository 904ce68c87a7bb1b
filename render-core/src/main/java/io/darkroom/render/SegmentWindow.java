package io.darkroom.render;

import io.darkroom.render.ops.SourceTraits;
import java.nio.file.Path;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.jboss.logging.Logger;

/**
 * Positions a {@link VideoDecoder} so that decoding starts at or before the first frame of a segment.
 *
 * <p>Seeking goes to the keyframe before {@code startUs - preroll} (preroll 1 s to start with), never to
 * {@code startUs} itself: demuxers index keyframes by decode time, and an open-GOP keyframe's leading pictures
 * (presentation time before the keyframe's) are not decodable after a seek. A preroll longer than any reorder
 * delay keeps the wanted frames after the keyframe we land on. The landing is then checked: the first frame
 * delivered must lie strictly before {@code startUs}; if not, the decoder is reopened and the preroll
 * quadrupled, down to decoding from the very start of the file.
 *
 * <p>Before that, one direct attempt: the planner snaps cuts to keyframes, so the segment's first frame (half a
 * frame after {@code startUs}) is usually a keyframe itself. Seeking straight to it and landing exactly on it (within
 * a quarter frame) proves no wanted frame was skipped: on a constant-rate grid the previous frame lies a whole frame
 * earlier, before {@code startUs}. Anything else falls back to the preroll path. Variable-rate sources (decoder rate
 * different from the task's rate) always take the preroll path.
 */
final class SegmentWindow {
    private static final Logger LOG = Logger.getLogger(SegmentWindow.class);
    static final long INITIAL_PREROLL_US = 1_000_000L;

    private SegmentWindow() {}

    private static Positioned tryDirect(
            Path file, VideoDecoder.Settings decoding, long startUs, double taskFps, String label)
            throws FrameGrabber.Exception {
        VideoDecoder decoder = VideoDecoder.open(file, decoding);
        try {
            double rate = decoder.frameRate();
            if (rate <= 0 || Math.abs(rate - taskFps) > taskFps * 1e-3) {
                decoder.close();
                return null;
            }
            long frameUs = Math.round(1_000_000 / rate);
            long firstFrameUs = startUs + frameUs / 2;
            if (firstFrameUs <= decoder.streamStartUs() + frameUs) {
                decoder.close();
                return null;
            }
            decoder.seekBefore(firstFrameUs);
            Frame first = decoder.next();
            if (first != null
                    && Math.abs(first.timestamp - firstFrameUs) <= frameUs / 4
                    && !SourceTraits.FieldOrder.fromFfprobe(
                                    decoder.formatOf(first).fieldOrder())
                            .interlaced()) {
                // (an interlaced source takes the preroll path: its deinterlacer is primed with the frame before)
                LOG.debugf("%s: landed on keyframe %d us directly", label, first.timestamp);
                return new Positioned(decoder, first, 1);
            }
            decoder.close();
            return null;
        } catch (FrameGrabber.Exception | RuntimeException e) {
            decoder.close();
            throw e;
        }
    }

    /** A positioned decoder and the first frame it delivered (null when the stream had none). */
    record Positioned(VideoDecoder decoder, Frame first, int seeks) {}

    static Positioned open(Path file, VideoDecoder.Settings decoding, long startUs, boolean fromStart, String label)
            throws FrameGrabber.Exception {
        return open(file, decoding, startUs, fromStart, 0, label);
    }

    /**
     * @param taskFps the task's (average) frame rate; 0 when unknown. The direct keyframe landing is tried only when
     *                it matches the decoder's nominal rate (a constant-rate source).
     */
    static Positioned open(
            Path file, VideoDecoder.Settings decoding, long startUs, boolean fromStart, double taskFps, String label)
            throws FrameGrabber.Exception {
        if (!fromStart && taskFps > 0) {
            Positioned direct = tryDirect(file, decoding, startUs, taskFps, label);
            if (direct != null) {
                return direct;
            }
        }
        long preroll = INITIAL_PREROLL_US;
        int seeks = 0;
        while (true) {
            VideoDecoder decoder = VideoDecoder.open(file, decoding);
            try {
                long frameUs = decoder.frameRate() > 0 ? Math.round(1_000_000 / decoder.frameRate()) : 40_000;
                long target = startUs - preroll;
                boolean seek = !fromStart && target > decoder.streamStartUs() + frameUs;
                if (seek) {
                    decoder.seekBefore(target);
                    seeks++;
                }
                Frame first = decoder.next();
                if (!seek || first == null || first.timestamp < startUs) {
                    if (seek && first == null) {
                        LOG.debugf("%s: seek to %d us found no frame; decoding from the start", label, target);
                        decoder.close();
                        decoder = VideoDecoder.open(file, decoding);
                        first = decoder.next();
                    }
                    LOG.debugf(
                            "%s: decoding from %s us (seeks %d, preroll %d us)",
                            label, first == null ? "-" : first.timestamp, seeks, preroll);
                    return new Positioned(decoder, first, seeks);
                }
                LOG.debugf(
                        "%s: seek to %d us landed at %d us, not before %d us; retrying with a longer preroll",
                        label, target, first.timestamp, startUs);
                decoder.close();
                preroll *= 4;
            } catch (FrameGrabber.Exception | RuntimeException e) {
                decoder.close();
                throw e;
            }
        }
    }
}
