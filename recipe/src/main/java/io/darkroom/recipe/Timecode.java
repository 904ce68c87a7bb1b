package io.darkroom.recipe;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SMPTE timecode arithmetic at a clip's rate, the one counting behind burn-ins ({@code {tc}}) and the ALE. The
 * nominal rate is the frame rate rounded (29.97 counts 30 frames a second). Drop-frame, written with {@code ;},
 * {@code .} or {@code ,} before the frames, applies only at NTSC rates (29.97 and 59.94, however the container writes
 * them: 30000/1001 or 2997/100): it skips frame numbers 0-1 (0-3 at 59.94) at the start of every minute except minutes
 * divisible by ten, so the clock stays in step with real time; no picture is dropped. The drawtext form
 * ({@link #drawtextExpansion}) and the Java form ({@link #format}) are checked against each other by the tests.
 *
 * @param fps  frames counted per timecode second (24, 25, 30, 60, ...)
 * @param drop drop-frame counting (nominal 30 or 60 only)
 */
public record Timecode(int fps, boolean drop) {
    private static final Pattern TC = Pattern.compile("(\\d{1,2}):(\\d{2}):(\\d{2})([:;.,])(\\d{2,3})");

    public Timecode {
        if (fps < 1) {
            throw new IllegalArgumentException("nominal rate must be at least 1, was " + fps);
        }
        if (drop && fps % 30 != 0) {
            throw new IllegalArgumentException("drop-frame needs a nominal rate of 30 or 60, was " + fps);
        }
    }

    /**
     * Counting for a rate: drop-frame when asked for and the rate is NTSC (within 0.01% of 30000/1001 or 60000/1001).
     *
     * @throws IllegalArgumentException when there is no rate
     */
    public static Timecode forRate(int fpsNum, int fpsDen, boolean dropRequested) {
        if (fpsNum <= 0 || fpsDen <= 0) {
            throw new IllegalArgumentException("no frame rate: " + fpsNum + "/" + fpsDen);
        }
        int nominal = (int) Math.max(1, Math.round((double) fpsNum / fpsDen));
        return new Timecode(nominal, dropRequested && ntsc(fpsNum, fpsDen, nominal));
    }

    /**
     * The counting of a clip: nominal rate from {@code fpsNum/fpsDen} (1 when unknown); drop-frame when the source
     * timecode says so (its separator before the frames) and the rate is NTSC.
     */
    public static Timecode of(int fpsNum, int fpsDen, String sourceTimecode) {
        if (fpsNum <= 0 || fpsDen <= 0) {
            return new Timecode(1, false);
        }
        return forRate(fpsNum, fpsDen, sourceTimecode != null && dropSeparator(sourceTimecode));
    }

    private static boolean ntsc(int fpsNum, int fpsDen, int nominal) {
        if (nominal != 30 && nominal != 60) {
            return false;
        }
        double rate = (double) fpsNum / fpsDen;
        double ntsc = nominal * 1000.0 / 1001.0;
        return Math.abs(rate - ntsc) < ntsc * 1e-4;
    }

    /** True for a well-formed {@code HH:MM:SS:FF} / {@code HH:MM:SS;FF} (surrounding blanks allowed). */
    public static boolean valid(String tc) {
        return tc != null && TC.matcher(tc.trim()).matches();
    }

    /** A well-formed timecode written drop-frame ({@code ;}, {@code .} or {@code ,} before the frames). */
    public static boolean dropSeparator(String tc) {
        Matcher m = TC.matcher(tc == null ? "" : tc.trim());
        return m.matches() && !m.group(4).equals(":");
    }

    private int dropPerMinute() {
        return drop ? fps / 15 : 0; // 2 at 30, 4 at 60
    }

    /** Frame number (from 00:00:00:00) of a timecode; its separator does not matter, this counting does. */
    public long frames(String tc) {
        Matcher m = TC.matcher(tc == null ? "" : tc.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a timecode: '" + tc + "'");
        }
        long hh = Long.parseLong(m.group(1));
        long mm = Long.parseLong(m.group(2));
        long ss = Long.parseLong(m.group(3));
        long ff = Long.parseLong(m.group(5));
        if (mm > 59 || ss > 59 || ff >= fps) {
            throw new IllegalArgumentException("timecode out of range at " + fps + " fps: '" + tc + "'");
        }
        long minutes = 60 * hh + mm;
        long d = dropPerMinute();
        if (d > 0 && ss == 0 && ff < d && mm % 10 != 0) {
            throw new IllegalArgumentException("frame numbers 0.." + (d - 1)
                    + " do not exist (are dropped) at the start of minute " + mm + " in drop-frame: '" + tc + "'");
        }
        return ((hh * 3600 + mm * 60 + ss) * fps + ff) - d * (minutes - minutes / 10);
    }

    /** The timecode of a frame number, wrapping at 24 hours like a clock. */
    public String format(long frame) {
        if (frame < 0) {
            throw new IllegalArgumentException("negative frame " + frame);
        }
        long a = displayNumber(frame);
        long ff = a % fps;
        long ss = (a / fps) % 60;
        long mm = (a / (fps * 60L)) % 60;
        long hh = (a / (fps * 3600L)) % 24;
        return String.format(Locale.ROOT, "%02d:%02d:%02d%s%02d", hh, mm, ss, drop ? ";" : ":", ff);
    }

    /** {@code tc} plus {@code frames}. */
    public String plus(String tc, long frames) {
        return format(frames(tc) + frames);
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
    public String drawtextExpansion(long first) {
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
