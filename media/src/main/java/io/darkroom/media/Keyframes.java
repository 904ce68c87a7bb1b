package io.darkroom.media;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Keyframe times of a file's first video stream, read from packet flags (demux only, no decode). The planner
 * snaps segment cuts to them so that a worker starts decoding at its segment's first frame instead of decoding a
 * whole GOP it then throws away.
 */
public final class Keyframes {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private Keyframes() {}

    /**
     * Presentation times in microseconds (the Frame.timestamp scale: pts x time base) of the keyframes, sorted;
     * empty when the probe fails (planning then falls back to evenly spaced cuts).
     */
    public static List<Long> of(Path file) {
        List<String> args = new ArrayList<>(List.of(
                "-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts_time,flags", "-of", "csv=p=0"));
        args.addAll(MediaReaders.ffprobeInput(file));
        Ffmpeg.Result r = Ffmpeg.ffprobe(args, TIMEOUT);
        if (!r.ok()) {
            return List.of();
        }
        return parse(r.stdout());
    }

    /** Parses {@code pts_time,flags} lines; keeps packets flagged K with a known pts. */
    static List<Long> parse(String csv) {
        List<Long> times = new ArrayList<>();
        for (String line : csv.split("\n")) {
            String[] parts = line.strip().split(",");
            if (parts.length < 2 || !parts[1].contains("K") || parts[0].isBlank() || "N/A".equals(parts[0])) {
                continue;
            }
            try {
                times.add(Math.round(Double.parseDouble(parts[0]) * 1_000_000));
            } catch (NumberFormatException e) {
                // not a packet line
            }
        }
        times.sort(Long::compare);
        return List.copyOf(times);
    }
}
