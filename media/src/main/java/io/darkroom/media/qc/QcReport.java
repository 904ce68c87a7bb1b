package io.darkroom.media.qc;

import java.util.List;

/**
 * Result of checking an output against a {@link QcExpectation}: what was measured and every problem found.
 *
 * @param passed       true when {@code problems} is empty
 * @param problems     one line per failed check, naming measured and expected values, e.g.
 *                     {@code "frame count 314, expected 315"}
 * @param frames       measured video frame count (0 when unreadable)
 * @param durationUs   measured video duration, microseconds
 * @param codec        measured video codec, null when unreadable
 * @param width        measured display width
 * @param height       measured display height
 * @param audioStreams measured number of audio streams
 * @param timecode     measured start timecode, null when none (or unreadable)
 * @param audioChannels measured channels of the first audio stream (0 when none)
 */
public record QcReport(boolean passed, List<String> problems, long frames, long durationUs, String codec, int width,
        int height, int audioStreams, String timecode, int audioChannels) {

    public QcReport(boolean passed, List<String> problems, long frames, long durationUs, String codec, int width,
            int height, int audioStreams) {
        this(passed, problems, frames, durationUs, codec, width, height, audioStreams, null, 0);
    }

    public QcReport {
        problems = List.copyOf(problems);
    }
}
