package io.darkroom.render;

import io.darkroom.media.Ffmpeg;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Independent oracle: the presentation times ffprobe gives the decoded frames of the first video stream. */
final class FfprobeFrames {
    private FfprobeFrames() {}

    /** best_effort_timestamp of every decoded frame, microseconds (pts x time_base), in output order. */
    static List<Long> timestampsUs(Path file) {
        String tb = run(file, "stream=time_base").get(0);
        long num = Long.parseLong(tb.substring(0, tb.indexOf('/')));
        long den = Long.parseLong(tb.substring(tb.indexOf('/') + 1));
        return run(file, "frame=best_effort_timestamp").stream()
                .map(l -> 1_000_000L * Long.parseLong(l) * num / den)
                .toList();
    }

    private static List<String> run(Path file, String entries) {
        Ffmpeg.Result r = Ffmpeg.ffprobe(
                List.of(
                        "-v",
                        "error",
                        "-select_streams",
                        "v:0",
                        "-show_entries",
                        entries,
                        "-of",
                        "csv=p=0",
                        file.toString()),
                Duration.ofMinutes(2));
        if (!r.ok()) {
            throw new IllegalStateException(r.stderrTail());
        }
        return r.stdout()
                .lines()
                .map(l -> l.replace(",", "").strip())
                .filter(l -> !l.isEmpty())
                .toList();
    }
}
