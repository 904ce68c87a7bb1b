package io.darkroom.media.qc;

import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.Preset;

/**
 * What a finished output should be.
 *
 * @param frames     exact video frame count
 * @param durationUs video duration, microseconds; measured may differ by at most one frame (1/fps)
 * @param fpsNum     frame rate numerator (sets the duration tolerance)
 * @param fpsDen     frame rate denominator
 * @param codec      video codec name as ffprobe reports it (see {@code Preset.codecName()})
 * @param width      display width (the output carries no rotation, so also the coded width)
 * @param height     display height
 * @param audio      whether the output must have an audio stream (true) or must have none (false)
 * @param timecode      start timecode HH:MM:SS:FF the output must carry (tmcd track / container timecode), null =
 *                      not checked
 * @param audioChannels channels the first audio stream must have, 0 = not checked
 * @param pixelFormat   video pixel format as ffprobe names it (e.g. yuv422p10le), null = not checked
 * @param sampleAspect  pixel aspect {@code N:D} the output must carry ({@code 1:1} for square pixels; a file that
 *                      states none counts as 1:1), so with the size its display aspect; null = not checked
 */
public record QcExpectation(
        long frames,
        long durationUs,
        int fpsNum,
        int fpsDen,
        String codec,
        int width,
        int height,
        boolean audio,
        String timecode,
        int audioChannels,
        String pixelFormat,
        String sampleAspect) {

    /** An expectation that does not check the pixel aspect. */
    public QcExpectation(
            long frames,
            long durationUs,
            int fpsNum,
            int fpsDen,
            String codec,
            int width,
            int height,
            boolean audio,
            String timecode,
            int audioChannels,
            String pixelFormat) {
        this(
                frames,
                durationUs,
                fpsNum,
                fpsDen,
                codec,
                width,
                height,
                audio,
                timecode,
                audioChannels,
                pixelFormat,
                null);
    }

    /** Frame count, duration, codec, size and audio presence only. */
    public QcExpectation(
            long frames, long durationUs, int fpsNum, int fpsDen, String codec, int width, int height, boolean audio) {
        this(frames, durationUs, fpsNum, fpsDen, codec, width, height, audio, null, 0, null);
    }

    /**
     * What an output of {@code source} in {@code preset} at {@code width x height} must be — the one definition that
     * process-service's QC and the CLI's checks both use: every decodable source picture (the probe's frame count,
     * which for a damaged source leaves out undecodable packets); the video duration those frames last at
     * the source rate (judged on the video stream, never the container, whose duration includes audio); the preset's
     * codec and pixel format; audio when the source has it, with the channels the preset's channel policy makes of
     * the source's (review: stereo mixdown; editorial: every channel); for editorial presets the source's start
     * timecode; square pixels.
     */
    public static QcExpectation forOutput(MediaInfo source, Preset preset, int width, int height) {
        return forOutput(source, preset, width, height, null);
    }

    /**
     * As {@link #forOutput(MediaInfo, Preset, int, int)}, with the pixel aspect the output carries: {@code N:D} for
     * an output that keeps the source anamorphic, null for square pixels (1:1).
     */
    public static QcExpectation forOutput(MediaInfo source, Preset preset, int width, int height, String sampleAspect) {
        long durationUs = source.fpsNum() <= 0
                ? source.durationUs()
                : source.frameCount() * source.fpsDen() * 1_000_000L / source.fpsNum();
        QcExpectation e = new QcExpectation(
                        source.frameCount(),
                        durationUs,
                        source.fpsNum(),
                        source.fpsDen(),
                        preset.codecName(),
                        width,
                        height,
                        source.hasAudio())
                .withPixelFormat(preset.pixelFormat())
                .withSampleAspect(sampleAspect == null ? "1:1" : sampleAspect);
        if (source.hasAudio() && source.audioChannels() > 0) {
            e = e.withAudioChannels(preset.audioChannels().outputChannels(source.audioChannels()));
        }
        if (preset.editorial() && source.timecode() != null) {
            e = e.withTimecode(source.timecode());
        }
        return e;
    }

    /**
     * The same expectation held to {@code decoded} frames (what an output's segments really decoded, as the workers
     * reported them) and the video duration they last at this rate.
     */
    public QcExpectation withDecodedFrames(long decoded) {
        long us = fpsNum <= 0 ? durationUs : decoded * fpsDen * 1_000_000L / fpsNum;
        return new QcExpectation(
                decoded,
                us,
                fpsNum,
                fpsDen,
                codec,
                width,
                height,
                audio,
                timecode,
                audioChannels,
                pixelFormat,
                sampleAspect);
    }

    /** Also checks the start timecode (null: not checked). */
    public QcExpectation withTimecode(String startTimecode) {
        return new QcExpectation(
                frames,
                durationUs,
                fpsNum,
                fpsDen,
                codec,
                width,
                height,
                audio,
                startTimecode,
                audioChannels,
                pixelFormat,
                sampleAspect);
    }

    /** Also checks the first audio stream's channel count (0: not checked). */
    public QcExpectation withAudioChannels(int channels) {
        return new QcExpectation(
                frames,
                durationUs,
                fpsNum,
                fpsDen,
                codec,
                width,
                height,
                audio,
                timecode,
                channels,
                pixelFormat,
                sampleAspect);
    }

    /** Also checks the video pixel format (null: not checked). */
    public QcExpectation withPixelFormat(String pixFmt) {
        return new QcExpectation(
                frames,
                durationUs,
                fpsNum,
                fpsDen,
                codec,
                width,
                height,
                audio,
                timecode,
                audioChannels,
                pixFmt,
                sampleAspect);
    }

    /** Also checks the pixel aspect, {@code N:D} (null: not checked). */
    public QcExpectation withSampleAspect(String sar) {
        return new QcExpectation(
                frames,
                durationUs,
                fpsNum,
                fpsDen,
                codec,
                width,
                height,
                audio,
                timecode,
                audioChannels,
                pixelFormat,
                sar);
    }
}
