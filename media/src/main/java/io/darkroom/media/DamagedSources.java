package io.darkroom.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Damaged sources made the way real ones get damaged, for tests: an H.264 clip (a keyframe every 12 frames, two
 * B-frames) cut mid-GOP by stream copy that keeps the packets before the first keyframe (a recording or a TS capture
 * that starts mid-GOP), and an MP4 whose mdat is cut off (a truncated copy). Made with the bundled ffmpeg.
 */
public final class DamagedSources {
    /** Frames of the intact clip the damaged ones are made from (24 fps, 2 s). */
    public static final int INTACT_FRAMES = 48;

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private DamagedSources() {}

    /**
     * The intact clip in {@code dir}: 128x72, 24 fps, {@value #INTACT_FRAMES} frames, H.264 with B-frames and a
     * keyframe every 12 frames, and stereo AAC when {@code audio}; {@code format} {@code mpegts} or {@code mp4}
     * (moov first, so that a cut tail leaves the index readable).
     */
    public static Path intact(Path dir, String format, boolean audio) {
        Path out = dir.resolve("intact" + (audio ? "-audio" : "") + "." + extension(format));
        List<String> args = new ArrayList<>(List.of("-f", "lavfi", "-i", "testsrc2=size=128x72:rate=24"));
        if (audio) {
            args.addAll(List.of(
                    "-f",
                    "lavfi",
                    "-i",
                    "sine=frequency=440:sample_rate=48000",
                    "-ac",
                    "2",
                    "-c:a",
                    "aac",
                    "-shortest"));
        }
        args.addAll(List.of(
                "-frames:v",
                String.valueOf(INTACT_FRAMES),
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-g",
                "12",
                "-keyint_min",
                "12",
                "-sc_threshold",
                "0",
                "-bf",
                "2",
                "-pix_fmt",
                "yuv420p"));
        if ("mp4".equals(format)) {
            args.addAll(List.of("-movflags", "+faststart"));
        }
        args.addAll(List.of("-f", format, out.toString()));
        run(args);
        return out;
    }

    /**
     * A copy of the intact clip that starts mid-GOP: stream-copied from {@code 0.2 s} on with the packets before the
     * first keyframe kept ({@code -copyinkf}), so its first packets reference pictures it does not hold.
     */
    public static Path startingMidGop(Path dir, String format, boolean audio) {
        Path intact = intact(dir, format, audio);
        Path out = dir.resolve("mid-gop" + (audio ? "-audio" : "") + "." + extension(format));
        run(List.of("-i", intact.toString(), "-ss", "0.2", "-copyinkf", "-c", "copy", "-f", format, out.toString()));
        return out;
    }

    /** A copy of the intact MP4 cut off after {@code keptPercent} % of its bytes (its index lists every frame). */
    public static Path truncatedMp4(Path dir, boolean audio, int keptPercent) {
        Path intact = intact(dir, "mp4", audio);
        Path out = dir.resolve("truncated" + (audio ? "-audio" : "") + ".mp4");
        try {
            byte[] bytes = Files.readAllBytes(intact);
            Files.write(out, java.util.Arrays.copyOf(bytes, (int) ((long) bytes.length * keptPercent / 100)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot truncate " + intact, e);
        }
        return out;
    }

    private static String extension(String format) {
        return "mpegts".equals(format) ? "ts" : format;
    }

    private static void run(List<String> args) {
        List<String> a = new ArrayList<>(List.of("-v", "error", "-y"));
        a.addAll(args);
        Ffmpeg.Result r = Ffmpeg.ffmpeg(a, TIMEOUT);
        if (!r.ok()) {
            throw new IllegalStateException(
                    "ffmpeg could not make a damaged source (" + String.join(" ", args) + "): " + r.stderrTail());
        }
    }
}
