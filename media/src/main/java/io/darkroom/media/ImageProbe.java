package io.darkroom.media;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The check of a watermark image: FFmpeg must read it as one PNG or JPEG picture and decode it. Used by ingest (a
 * {@code watermarkImage} op's file, through the recipe rules) before any worker sees it.
 */
public final class ImageProbe {
    /** Largest side, in pixels (the recipe's largest output side). */
    public static final int MAX_SIZE = 8192;

    private ImageProbe() {}

    /**
     * Null when FFmpeg reads the file as one PNG or JPEG picture of at most {@link #MAX_SIZE} a side; else what is
     * wrong. Decodes the picture (not just the header), so a truncated file is refused too.
     */
    public static String problem(Path p) {
        String url = "file:" + p.toAbsolutePath();
        Ffmpeg.Result r = Ffmpeg.ffprobe(
                List.of(
                        "-v",
                        "error",
                        "-select_streams",
                        "v:0",
                        "-show_entries",
                        "stream=codec_name,width,height",
                        "-of",
                        "default=noprint_wrappers=1",
                        url),
                Duration.ofSeconds(30));
        if (!r.ok()) {
            return "not an image FFmpeg can read (" + firstLine(r.stderr()) + ")";
        }
        String codec = null;
        int w = 0;
        int h = 0;
        for (String line : r.stdout().lines().toList()) {
            String[] kv = line.split("=", 2);
            if (kv.length != 2) {
                continue;
            }
            switch (kv[0].trim()) {
                case "codec_name" -> codec = kv[1].trim();
                case "width" -> w = parseInt(kv[1]);
                case "height" -> h = parseInt(kv[1]);
                default -> {}
            }
        }
        if (!"png".equals(codec) && !"mjpeg".equals(codec)) {
            return "must be a PNG or JPEG image, FFmpeg reads it as " + (codec == null ? "no picture" : codec);
        }
        if (w < 1 || h < 1 || w > MAX_SIZE || h > MAX_SIZE) {
            return "image must be 1.." + MAX_SIZE + " pixels a side, was " + w + "x" + h;
        }
        Ffmpeg.Result d = Ffmpeg.ffmpeg(
                List.of("-v", "error", "-xerror", "-i", url, "-frames:v", "1", "-f", "null", "-"),
                Duration.ofSeconds(30));
        if (!d.ok() || !d.stderr().isBlank()) {
            return "image does not decode (" + firstLine(d.stderr()) + ")";
        }
        return null;
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String firstLine(String s) {
        String t = s == null ? "" : s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }
}
