package io.darkroom.media.qc;

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
 */
public record QcExpectation(long frames, long durationUs, int fpsNum, int fpsDen, String codec, int width, int height,
        boolean audio, String timecode, int audioChannels, String pixelFormat) {

    /** Frame count, duration, codec, size and audio presence only. */
    public QcExpectation(long frames, long durationUs, int fpsNum, int fpsDen, String codec, int width, int height,
            boolean audio) {
        this(frames, durationUs, fpsNum, fpsDen, codec, width, height, audio, null, 0, null);
    }

    /** Also checks the start timecode (null: not checked). */
    public QcExpectation withTimecode(String startTimecode) {
        return new QcExpectation(frames, durationUs, fpsNum, fpsDen, codec, width, height, audio, startTimecode,
                audioChannels, pixelFormat);
    }

    /** Also checks the first audio stream's channel count (0: not checked). */
    public QcExpectation withAudioChannels(int channels) {
        return new QcExpectation(frames, durationUs, fpsNum, fpsDen, codec, width, height, audio, timecode, channels,
                pixelFormat);
    }

    /** Also checks the video pixel format (null: not checked). */
    public QcExpectation withPixelFormat(String pixFmt) {
        return new QcExpectation(frames, durationUs, fpsNum, fpsDen, codec, width, height, audio, timecode,
                audioChannels, pixFmt);
    }
}
