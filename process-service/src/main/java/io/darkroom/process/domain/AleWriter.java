package io.darkroom.process.domain;

import io.darkroom.recipe.Timecode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * Writes an Avid Log Exchange (ALE) file: a {@code Heading} block, a {@code Column} line and one {@code Data} row per
 * clip, tab separated, CRLF line ends (what Avid Media Composer writes and reads). Pure: text in, text out.
 *
 * <p>Start is the source's start timecode (tmcd track or container tag) or 00:00:00:00 when it has none; End is the
 * timecode after the last frame (start + duration in frames, Avid's exclusive end); Duration is the frame count as a
 * timecode. All three count the clip's nominal rate, drop-frame ({@code ;}) exactly when the source's timecode is
 * drop-frame and the rate is 29.97 or 59.94 (see {@link Timecode#of}). Tabs and line breaks inside values become
 * spaces.
 */
public final class AleWriter {
    /**
     * Columns, in order. Tracks: V plus A1..An (Avid's notation); Media File: the clip's editorial output, if any;
     * Comment: the clip's warnings (a damaged source salvaged), if any.
     */
    public static final List<String> COLUMNS = List.of(
            "Name",
            "Tape",
            "Source File",
            "Start",
            "End",
            "Duration",
            "Tracks",
            "FPS",
            "Resolution",
            "Media File",
            "Comment");

    private AleWriter() {}

    /**
     * One clip of the ALE.
     *
     * @param name           clip name
     * @param tape           tape / reel name (Darkroom uses the clip name, as in the editorial outputs' tmcd reel)
     * @param sourceFile     the camera file's name
     * @param mediaFile      file name of the clip's editorial output (relinking), or null
     * @param fpsNum         source frame rate numerator
     * @param fpsDen         source frame rate denominator
     * @param frames         frame count
     * @param width          display width
     * @param height         display height
     * @param timecode       source start timecode, null = none (00:00:00:00)
     * @param audioChannels  channels of the first audio stream (0 = none)
     * @param comment        the clip's warnings, e.g. "source truncated after frame 33"; null = none
     */
    public record Clip(
            String name,
            String tape,
            String sourceFile,
            String mediaFile,
            int fpsNum,
            int fpsDen,
            long frames,
            int width,
            int height,
            String timecode,
            int audioChannels,
            String comment) {

        /** A clip without warnings. */
        public Clip(
                String name,
                String tape,
                String sourceFile,
                String mediaFile,
                int fpsNum,
                int fpsDen,
                long frames,
                int width,
                int height,
                String timecode,
                int audioChannels) {
            this(
                    name,
                    tape,
                    sourceFile,
                    mediaFile,
                    fpsNum,
                    fpsDen,
                    frames,
                    width,
                    height,
                    timecode,
                    audioChannels,
                    null);
        }
    }

    /** The ALE text; the heading's VIDEO_FORMAT and FPS come from the first clip. */
    public static String write(List<Clip> clips) {
        if (clips.isEmpty()) {
            throw new IllegalArgumentException("an ALE needs at least one clip");
        }
        Clip first = clips.get(0);
        StringBuilder b = new StringBuilder();
        line(b, "Heading");
        line(b, "FIELD_DELIM", "TABS");
        line(b, "VIDEO_FORMAT", videoFormat(first));
        line(b, "AUDIO_FORMAT", "48khz");
        line(b, "FPS", fps(first.fpsNum(), first.fpsDen()));
        line(b, "");
        line(b, "Column");
        line(b, COLUMNS.toArray(String[]::new));
        line(b, "");
        line(b, "Data");
        for (Clip c : clips) {
            line(b, row(c).toArray(String[]::new));
        }
        return b.toString();
    }

    /** One data row, in {@link #COLUMNS} order. */
    public static List<String> row(Clip c) {
        Timecode counting = Timecode.of(c.fpsNum(), c.fpsDen(), c.timecode());
        String start = startOf(c, counting);
        long startFrame = counting.frames(start);
        return List.of(
                clean(c.name()),
                clean(c.tape()),
                clean(c.sourceFile()),
                start,
                counting.format(startFrame + c.frames()),
                counting.format(c.frames()),
                tracks(c.audioChannels()),
                fps(c.fpsNum(), c.fpsDen()),
                c.width() + "x" + c.height(),
                clean(c.mediaFile()),
                clean(c.comment()));
    }

    /** The source timecode in this counting's notation, or 00:00:00:00. */
    static String startOf(Clip c, Timecode counting) {
        if (!Timecode.valid(c.timecode())) {
            return counting.format(0);
        }
        return counting.format(counting.frames(c.timecode()));
    }

    /** Avid's FPS notation: 23.976, 24, 25, 29.97, 30, 59.94 ... (at most three decimals, no trailing zeros). */
    public static String fps(int num, int den) {
        if (den <= 0 || num <= 0) {
            return "0";
        }
        BigDecimal v = BigDecimal.valueOf(num).divide(BigDecimal.valueOf(den), 3, RoundingMode.HALF_UP);
        // 30000/1001 = 29.970 -> 29.97; 24000/1001 = 23.976
        return v.stripTrailingZeros().toPlainString();
    }

    static String videoFormat(Clip c) {
        int h = c.height();
        double fps = c.fpsDen() == 0 ? 0 : (double) c.fpsNum() / c.fpsDen();
        if (h == 1080) {
            return "1080";
        }
        if (h == 720) {
            return "720";
        }
        if (c.width() == 720 && (h == 480 || h == 486) && Math.abs(fps - 29.97) < 0.01) {
            return "NTSC";
        }
        if (h == 576 && Math.abs(fps - 25) < 0.01) {
            return "PAL";
        }
        return "CUSTOM";
    }

    static String tracks(int audioChannels) {
        StringBuilder t = new StringBuilder("V");
        if (audioChannels > 0) {
            t.append("A1");
            if (audioChannels == 2) {
                t.append("A2");
            } else if (audioChannels > 2) {
                t.append("-").append(audioChannels);
            }
        }
        return t.toString();
    }

    private static String clean(String v) {
        return v == null ? "" : v.replaceAll("[\\t\\r\\n]+", " ").strip();
    }

    private static void line(StringBuilder b, String... fields) {
        b.append(String.join("\t", fields)).append("\r\n");
    }
}
