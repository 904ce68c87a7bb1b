package io.darkroom.render;

import io.darkroom.contracts.Preset;
import io.darkroom.contracts.RenderTask;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;

/**
 * Configures one video encoder per output preset. Frames are recorded without timestamps: the recorder numbers
 * them 0, 1, 2, ... in time base fpsDen/fpsNum, so every segment is constant frame rate whatever the source did.
 */
final class VideoEncoders {
    /** Review proxies get an IDR at least every two seconds: players seek well, segments stay a few closed GOPs. */
    static final double GOP_SECONDS = 2.0;

    private VideoEncoders() {}

    static FFmpegFrameRecorder start(
            java.nio.file.Path part, Preset preset, RenderTask.RenderOutput output, int fpsNum, int fpsDen)
            throws FrameRecorder.Exception {
        return start(part, preset, output, fpsNum, fpsDen, null);
    }

    /**
     * @param colour what the pictures are (from {@code FilterGraph}): tagged on the stream (VUI / colr / Colour) as
     *               matrix BT.709, limited range, with these primaries and transfer; null = untagged (plain chain)
     */
    static FFmpegFrameRecorder start(
            java.nio.file.Path part,
            Preset preset,
            RenderTask.RenderOutput output,
            int fpsNum,
            int fpsDen,
            io.darkroom.render.ops.FilterGraph colour)
            throws FrameRecorder.Exception {
        return start(part, preset, output, fpsNum, fpsDen, colour, java.util.Map.of());
    }

    /** @param metadata container (global) metadata, e.g. {@code comment=darkroom-ai:...} for AI-touched outputs */
    static FFmpegFrameRecorder start(
            java.nio.file.Path part,
            Preset preset,
            RenderTask.RenderOutput output,
            int fpsNum,
            int fpsDen,
            io.darkroom.render.ops.FilterGraph colour,
            java.util.Map<String, String> metadata)
            throws FrameRecorder.Exception {
        return start(part, preset, output, fpsNum, fpsDen, colour, metadata, "0");
    }

    /** @param threads the encoder's FFmpeg {@code threads} ("0" = FFmpeg's choice, about one per core) */
    static FFmpegFrameRecorder start(
            java.nio.file.Path part,
            Preset preset,
            RenderTask.RenderOutput output,
            int fpsNum,
            int fpsDen,
            io.darkroom.render.ops.FilterGraph colour,
            java.util.Map<String, String> metadata,
            String threads)
            throws FrameRecorder.Exception {
        FFmpegFrameRecorder r = new FFmpegFrameRecorder(part.toFile(), output.width(), output.height(), 0);
        r.setFormat(containerOf(preset));
        r.setVideoCodecName(preset.encoder());
        r.setPixelFormat(avutil.av_get_pix_fmt(preset.pixelFormat()));
        // JavaCV turns the double into a rational with av_d2q(rate, 1001000): exact for n/1 and n/1001 rates
        r.setFrameRate((double) fpsNum / fpsDen);
        r.setVideoBitrate(0);
        // the pixel aspect is written into the stream and container: 1:1, or the source's for a kept anamorphic
        int[] sar = output.sar();
        r.setAspectRatio((double) sar[0] / sar[1]);
        switch (preset.encoder()) {
            case "libx264" -> configureX264(r, preset, output, (double) fpsNum / fpsDen);
            case "ffv1" -> configureFfv1(r);
            case "prores_ks" -> configureProres(r, preset);
            case "dnxhd" -> configureDnxhr(r, preset);
            default -> throw new IllegalArgumentException("no video encoder setup for preset " + preset.id());
        }
        String encoderThreads = threadsFor(threads, output.width(), output.height());
        if (encoderThreads != null && !"0".equals(encoderThreads)) {
            r.setVideoOption("threads", encoderThreads);
        }
        if (colour != null) {
            r.setVideoOption("colorspace", "bt709");
            r.setVideoOption("color_range", "tv");
            r.setVideoOption("color_primaries", colour.colorPrimaries());
            r.setVideoOption("color_trc", colour.colorTransfer());
        }
        if (metadata != null && !metadata.isEmpty()) {
            r.setMetadata(new java.util.LinkedHashMap<>(metadata));
        }
        try {
            r.start();
            return r;
        } catch (FrameRecorder.Exception | RuntimeException e) {
            r.close();
            throw e;
        }
    }

    /**
     * Pictures of at most this many pixels (a 320x240 thumbnail or smaller) are encoded on one thread when the
     * threads are left to FFmpeg: the threads' set-up and hand-offs cost more than such a picture's encode (a 64x64
     * two-output segment of 25 frames took about twice as long with FFmpeg's choice on 2 cores; bench/dispatch tiny).
     */
    static final long SMALL_PICTURE_PIXELS = 320L * 240;

    /** The encoder's FFmpeg threads: the configured count, or 1 for a small picture when the count is FFmpeg's choice. */
    static String threadsFor(String configured, int width, int height) {
        boolean auto = configured == null || "0".equals(configured);
        return auto && (long) width * height <= SMALL_PICTURE_PIXELS ? "1" : configured;
    }

    static String containerOf(Preset preset) {
        return preset.container();
    }

    private static void configureX264(
            FFmpegFrameRecorder r, Preset preset, RenderTask.RenderOutput output, double fps) {
        int crf = output.crf() != null ? output.crf() : preset.defaultCrf();
        int gop = Math.max(1, (int) Math.round(fps * GOP_SECONDS));
        r.setGopSize(gop);
        r.setVideoOption("preset", preset.x264Preset());
        if (preset.encoderProfile() != null) {
            r.setVideoOption("profile", preset.encoderProfile());
        }
        r.setVideoOption("crf", Integer.toString(crf));
        // closed GOPs (x264's default, stated anyway); the first frame of every segment is an IDR
        r.setVideoOption("x264-params", "open-gop=0:min-keyint=" + Math.max(1, gop / 2));
    }

    /**
     * prores_ks: profile 0..3 (proxy, LT, 422, HQ) through its private {@code profile} option, Apple's vendor id so
     * Apple software treats the stream as its own. Intra-only: every frame is a keyframe.
     */
    private static void configureProres(FFmpegFrameRecorder r, Preset preset) {
        r.setGopSize(1);
        r.setVideoOption("profile", preset.encoderProfile());
        r.setVideoOption("vendor", "apl0");
    }

    /** dnxhd with a DNxHR profile (resolution independent, 8-bit 4:2:2 for LB/SQ/HQ). Intra-only. */
    private static void configureDnxhr(FFmpegFrameRecorder r, Preset preset) {
        r.setGopSize(1);
        r.setVideoOption("profile", preset.encoderProfile());
    }

    private static void configureFfv1(FFmpegFrameRecorder r) {
        r.setGopSize(1);
        r.setVideoOption("level", "3");
        r.setVideoOption("slicecrc", "1");
    }
}
