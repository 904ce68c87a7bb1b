package io.darkroom.process.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the monitor writes times, durations and numbers. */
final class Format {
    private static final DateTimeFormatter UTC =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private Format() {}

    static String time(Instant t) {
        return t == null ? "" : UTC.format(t);
    }

    /** "42 s", "3 min", "2 h 5 min", "4 d 2 h". */
    static String duration(Duration d) {
        if (d == null) {
            return "";
        }
        long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min " + (s % 60) + " s";
        }
        if (s < 86400) {
            return (s / 3600) + " h " + (s % 3600 / 60) + " min";
        }
        return (s / 86400) + " d " + (s % 86400 / 3600) + " h";
    }

    static String between(Instant from, Instant to) {
        return from == null || to == null ? "" : duration(Duration.between(from, to));
    }

    static String decimal(double v, int places) {
        return String.format(Locale.ROOT, "%." + places + "f", v);
    }

    /** A CSS class for a state name: {@code state-running}. */
    static String stateClass(String state) {
        return state == null
                ? "state-none"
                : "state-" + state.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        if (n < 1024 * 1024) {
            return decimal(n / 1024.0, 1) + " KiB";
        }
        if (n < 1024L * 1024 * 1024) {
            return decimal(n / 1048576.0, 1) + " MiB";
        }
        return decimal(n / 1073741824.0, 2) + " GiB";
    }
}
