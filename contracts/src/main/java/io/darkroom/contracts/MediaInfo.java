package io.darkroom.contracts;

/**
 * What a probe learned about a source file: its first video stream and its audio.
 *
 * @param container       format name reported by FFmpeg (e.g. {@code mov,mp4,m4a,3gp,3g2,mj2})
 * @param videoCodec      codec of the first video stream (h264, hevc, vp9, ...)
 * @param width           coded width in pixels
 * @param height          coded height in pixels
 * @param rotation        clockwise degrees (0, 90, 180, 270) to turn the decoded picture upright, from the display matrix
 * @param displayWidth    width once rotation is applied
 * @param displayHeight   height once rotation is applied
 * @param pixelFormat     decoder pixel format (yuv420p, yuv420p10le, ...)
 * @param fpsNum          average frame rate numerator
 * @param fpsDen          average frame rate denominator
 * @param variableFrameRate true when the average and nominal frame rates differ (phones, browsers)
 * @param frameCount      exact number of video frames (packets counted)
 * @param startUs         presentation time of the first video frame, microseconds
 * @param durationUs      video duration, microseconds (frame count / average rate where the header lacks it)
 * @param audioStreams    number of audio streams
 * @param audioChannels   channels of the first audio stream (0 when none)
 * @param audioCodec      codec of the first audio stream, null when none
 * @param timecode        start timecode HH:MM:SS:FF (';' before frames when drop-frame), null when none
 * @param sizeBytes       file size
 */
public record MediaInfo(
        String container,
        String videoCodec,
        int width,
        int height,
        int rotation,
        int displayWidth,
        int displayHeight,
        String pixelFormat,
        int fpsNum,
        int fpsDen,
        boolean variableFrameRate,
        long frameCount,
        long startUs,
        long durationUs,
        int audioStreams,
        int audioChannels,
        String audioCodec,
        String timecode,
        long sizeBytes) {

    public double fps() {
        return fpsDen == 0 ? 0 : (double) fpsNum / fpsDen;
    }

    /** The same info with an exact picture count (where packets are not pictures). */
    public MediaInfo withFrameCount(long frames) {
        return new MediaInfo(container, videoCodec, width, height, rotation, displayWidth, displayHeight, pixelFormat,
                fpsNum, fpsDen, variableFrameRate, frames, startUs, durationUs, audioStreams, audioChannels, audioCodec,
                timecode, sizeBytes);
    }

    public boolean hasAudio() {
        return audioStreams > 0;
    }
}
