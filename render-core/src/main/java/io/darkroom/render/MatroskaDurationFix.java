package io.darkroom.render;

import io.darkroom.contracts.FailureReason;
import io.darkroom.media.Ffmpeg;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

/**
 * FFmpegFrameRecorder hands encoded audio packets to the muxer without rescaling their duration from the codec
 * time base (1/sample rate) to the stream's (1/1000 in Matroska), so an audio-only .mka claims a duration several
 * seconds too long (10.5 s of PCM announced as 14.5 s). The packets themselves are right; one stream copy with the
 * bundled ffmpeg rewrites the header. Video is not affected.
 */
final class MatroskaDurationFix {
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private MatroskaDurationFix() {}

    static void rewrite(Path part, String label) throws RenderException {
        Path fixed = part.resolveSibling(part.getFileName() + ".remux");
        try {
            Ffmpeg.Result r = Ffmpeg.ffmpeg(
                    List.of(
                            "-v",
                            "error",
                            "-y",
                            "-i",
                            part.toString(),
                            "-map",
                            "0",
                            "-c",
                            "copy",
                            "-f",
                            "matroska",
                            fixed.toString()),
                    TIMEOUT);
            if (!r.ok()) {
                throw new RenderException(
                        FailureReason.INTERNAL,
                        label + ": rewriting the Matroska header failed: " + r.stderrTail(),
                        null);
            }
            Files.move(fixed, part, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new RenderException(FailureReason.STORAGE, label + ": " + e, e);
        } finally {
            try {
                Files.deleteIfExists(fixed);
            } catch (IOException e) {
                // best effort
            }
        }
    }
}
