package io.darkroom.process.domain;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SMPTE timecode arithmetic at a clip's rate. The nominal rate is the frame rate rounded (29.97 counts 30 frames a
 * second). Drop-frame (only for 29.97 and 59.94, written with {@code ;} before the frames) skips frame numbers 0-1
 * (0-3 at 59.94) at the start of every minute except minutes divisible by ten, so the clock stays in step with real
 * time; no picture is dropped.
 *
 * @param nominalFps frames counted per timecode second (24, 25, 30, 60, ...)
 * @param dropFrame  drop-frame counting (nominal 30 or 60 only)
 */
public record Timecode(int nominalFps, boolean dropFrame) {
    private static final Pattern TC = Pattern.compile("(\\d{1,2}):(\\d{2}):(\\d{2})([:;.,])(\\d{2,3})");

    public Timecode {
        if (nominalFps < 1) {
            throw new IllegalArgumentException("nominal rate must be at least 1, was " + nominalFps);
        }
        if (dropFrame && nominalFps % 30 != 0) {
            throw new IllegalArgumentException("drop-frame needs a nominal rate of 30 or 60, was " + nominalFps);
        }
    }

    /**
     * The counting of a clip: nominal rate from {@code fpsNum/fpsDen}; drop-frame when the source timecode says so
     * ({@code ;} or {@code .} before the frames, as ffprobe writes it) and the rate allows it, else non-drop.
     */
    public static Timecode of(int fpsNum, int fpsDen, String sourceTimecode) {
        int nominal = (int) Math.max(1, Math.round((double) fpsNum / Math.max(1, fpsDen)));
        boolean df = sourceTimecode != null && (sourceTimecode.contains(";") || sourceTimecode.contains("."))
                && nominal % 30 == 0 && fpsDen > 0 && fpsNum % fpsDen != 0;
        return new Timecode(nominal, df);
    }

    /** True for a well-formed {@code HH:MM:SS:FF} / {@code HH:MM:SS;FF}. */
    public static boolean valid(String tc) {
        return tc != null && TC.matcher(tc.trim()).matches();
    }

    private int dropPerMinute() {
        return nominalFps / 15; // 2 at 30, 4 at 60
    }

    /** Frame number (from 00:00:00:00) of a timecode; its separator does not matter, this counting does. */
    public long toFrames(String tc) {
        Matcher m = TC.matcher(tc == null ? "" : tc.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a timecode: '" + tc + "'");
        }
        long h = Long.parseLong(m.group(1));
        long min = Long.parseLong(m.group(2));
        long s = Long.parseLong(m.group(3));
        long f = Long.parseLong(m.group(5));
        if (min > 59 || s > 59 || f >= nominalFps) {
            throw new IllegalArgumentException("timecode out of range at " + nominalFps + " fps: '" + tc + "'");
        }
        long frames = ((h * 60 + min) * 60 + s) * nominalFps + f;
        if (dropFrame) {
            long totalMinutes = h * 60 + min;
            if (f < dropPerMinute() && s == 0 && min % 10 != 0) {
                throw new IllegalArgumentException("frame numbers 0.." + (dropPerMinute() - 1)
                        + " do not exist at the start of minute " + min + " in drop-frame: '" + tc + "'");
            }
            frames -= dropPerMinute() * (totalMinutes - totalMinutes / 10);
        }
        return frames;
    }

    /** The timecode of a frame number (wraps after 24 hours, like a clock). */
    public String format(long frame) {
        if (frame < 0) {
            throw new IllegalArgumentException("negative frame " + frame);
        }
        long n = frame;
        if (dropFrame) {
            long drop = dropPerMinute();
            long perMinute = nominalFps * 60L - drop;
            long perTenMinutes = perMinute * 10 + drop;
            long tens = n / perTenMinutes;
            long rest = n % perTenMinutes;
            n += 9 * drop * tens;
            if (rest > drop) {
                n += drop * ((rest - drop) / perMinute);
            }
        }
        long f = n % nominalFps;
        long totalSeconds = n / nominalFps;
        long s = totalSeconds % 60;
        long min = (totalSeconds / 60) % 60;
        long h = (totalSeconds / 3600) % 24;
        return String.format("%02d:%02d:%02d%s%02d", h, min, s, dropFrame ? ";" : ":", f);
    }

    /** {@code tc} plus {@code frames}. */
    public String plus(String tc, long frames) {
        return format(toFrames(tc) + frames);
    }
}
