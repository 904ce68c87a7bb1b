package io.darkroom.render.ops;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SMPTE timecode arithmetic for burn-ins. A start timecode {@code HH:MM:SS:FF} ({@code ;}, {@code .} or {@code ,} before the
 * frames = drop-frame, only meaningful at 30000/1001 and 60000/1001) becomes a frame count; the burn-in shows
 * {@code start + firstFrame + n} where n is the frame's index in the filter graph. The same conversion exists
 * twice: in Java ({@link #format(long)}) and as an FFmpeg expression for drawtext ({@link #drawtextExpansion}),
 * and the tests check that they agree.
 *
 * @param fps  nominal integer rate (30 for 29.97)
 * @param drop drop-frame counting (2 frame numbers per minute at 30, 4 at 60, except every tenth minute)
 */
public record Timecode(int fps, boolean drop) {
    private static final Pattern TC = Pattern.compile("(\\d{1,2}):(\\d{2}):(\\d{2})([:;.,])(\\d{2,3})");

    /** Counting for a source rate; drop-frame only where the rate is NTSC-like (x000/1001). */
    public static Timecode forRate(int fpsNum, int fpsDen, boolean dropRequested) {
        if (fpsNum <= 0 || fpsDen <= 0) {
            throw new IllegalArgumentException("no frame rate: " + fpsNum + "/" + fpsDen);
        }
        int nominal = (int) Math.round((double) fpsNum / fpsDen);
        boolean ntsc = fpsDen == 1001 && fpsNum % 1000 == 0 && (nominal == 30 || nominal == 60);
        return new Timecode(Math.max(1, nominal), dropRequested && ntsc);
    }

    public static boolean isTimecode(String s) {
        return s != null && TC.matcher(s).matches();
    }

    static boolean dropSeparator(String s) {
        Matcher m = TC.matcher(s);
        return m.matches() && !m.group(4).equals(":");
    }

    private int dropPerMinute() {
        return drop ? fps / 15 : 0;
    }

    /** Frame count of a timecode string (validated). */
    public long frames(String tc) {
        Matcher m = TC.matcher(tc);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a timecode: " + tc);
        }
        long hh = Long.parseLong(m.group(1));
        long mm = Long.parseLong(m.group(2));
        long ss = Long.parseLong(m.group(3));
        long ff = Long.parseLong(m.group(5));
        if (mm > 59 || ss > 59 || ff >= fps) {
            throw new IllegalArgumentException("timecode field out of range for " + fps + " fps: " + tc);
        }
        long minutes = 60 * hh + mm;
        long d = dropPerMinute();
        if (d > 0 && ss == 0 && ff < d && mm % 10 != 0) {
            throw new IllegalArgumentException("frame number dropped in drop-frame timecode: " + tc);
        }
        return ((hh * 3600 + mm * 60 + ss) * fps + ff) - d * (minutes - minutes / 10);
    }

    /** The timecode of a frame count, wrapping at 24 hours. */
    public String format(long frame) {
        long a = displayNumber(frame);
        long ff = a % fps;
        long ss = (a / fps) % 60;
        long mm = (a / (fps * 60L)) % 60;
        long hh = (a / (fps * 3600L)) % 24;
        return String.format(Locale.ROOT, "%02d:%02d:%02d%s%02d", hh, mm, ss, drop ? ";" : ":", ff);
    }

    private long displayNumber(long frame) {
        long d = dropPerMinute();
        if (d == 0) {
            return frame;
        }
        long per10 = fps * 600L - 9 * d;
        long perMin = fps * 60L - d;
        long tens = frame / per10;
        long rem = frame % per10;
        return frame + 9 * d * tens + (rem > d ? d * ((rem - d) / perMin) : 0);
    }

    /**
     * drawtext expansion text (for a textfile with {@code expansion=normal}) that prints the timecode of frame
     * {@code first + n}. Only digits, operators and function names: no user input.
     */
    String drawtextExpansion(long first) {
        String t = "(" + first + "+n)";
        String a;
        long d = dropPerMinute();
        if (d == 0) {
            a = t;
        } else {
            long per10 = fps * 600L - 9 * d;
            long perMin = fps * 60L - d;
            a = "(" + t + "+" + (9 * d) + "*floor(" + t + "/" + per10 + ")+" + d + "*floor(max(mod(" + t + "," + per10
                    + ")-" + d + ",0)/" + perMin + "))";
        }
        String hh = "mod(floor(" + a + "/" + (fps * 3600L) + "),24)";
        String mm = "mod(floor(" + a + "/" + (fps * 60L) + "),60)";
        String ss = "mod(floor(" + a + "/" + fps + "),60)";
        String ff = "mod(" + a + "," + fps + ")";
        return eif(hh) + ":" + eif(mm) + ":" + eif(ss) + (drop ? ";" : ":") + eif(ff);
    }

    private static String eif(String expr) {
        return "%{eif:" + expr + ":d:2}";
    }
}
