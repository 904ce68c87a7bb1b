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
 */
public record QcExpectation(long frames, long durationUs, int fpsNum, int fpsDen, String codec, int width, int height,
        boolean audio) {
}
