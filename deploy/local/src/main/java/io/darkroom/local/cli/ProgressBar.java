package io.darkroom.local.cli;

import io.darkroom.local.JobStatus;
import java.io.PrintStream;

/**
 * One line on stderr, redrawn in place: {@code [##########----------]  50%  RUNNING  6/12 tasks  00:14}. When stderr
 * is not a terminal, a new line is written only when the line's content changes.
 */
final class ProgressBar {
    private static final int WIDTH = 30;

    private final PrintStream err;
    private final boolean redraw;
    private final long t0 = System.nanoTime();
    private String lastContent = "";
    private int lastLength;

    ProgressBar(PrintStream err, boolean redraw) {
        this.err = err;
        this.redraw = redraw;
    }

    void update(JobStatus job) {
        String content = content(job);
        String line = content + "  " + elapsed();
        if (redraw) {
            err.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
            err.flush();
            lastLength = line.length();
        } else if (!content.equals(lastContent)) {
            err.println(line);
        }
        lastContent = content;
    }

    /** Ends the redrawn line so later output starts on a fresh one. */
    void finish() {
        if (redraw && lastLength > 0) {
            err.println();
            lastLength = 0;
        }
    }

    static String content(JobStatus job) {
        double pct = job.progress() == null
                ? 0
                : Math.max(0, Math.min(100, job.progress().percent()));
        int filled = (int) Math.round(pct / 100 * WIDTH);
        String tasks = job.progress() == null
                ? ""
                : "  " + job.progress().tasksDone() + "/" + job.progress().tasksTotal() + " tasks";
        return String.format(
                "[%s%s] %3d%%  %-10s%s",
                "#".repeat(filled), "-".repeat(WIDTH - filled), Math.round(pct), job.state(), tasks);
    }

    private String elapsed() {
        long s = (System.nanoTime() - t0) / 1_000_000_000L;
        return String.format("%02d:%02d", s / 60, s % 60);
    }
}
