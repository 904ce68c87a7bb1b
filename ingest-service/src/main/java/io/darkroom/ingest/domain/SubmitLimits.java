package io.darkroom.ingest.domain;

import io.darkroom.recipe.FileBudgets;
import java.time.Duration;

/**
 * What ingest spends on one request before answering: how many sources it takes, how many ffprobe runs it makes at
 * once, how long probing all of them may take (a request of many or slow files is refused, not left hanging), and
 * how large the recipe's files may be before they are read.
 *
 * @param sourcesPerJob most sources of one job ({@code darkroom.budgets.sources-per-job}, 1000)
 * @param probeThreads  sources probed at once, per service ({@code darkroom.budgets.probe-threads}, 4)
 * @param probeDeadline the longest probing of one request may take ({@code darkroom.budgets.probe-deadline}, 120 s)
 * @param files         the sizes of the LUT, CDL and image files a recipe names
 */
public record SubmitLimits(int sourcesPerJob, int probeThreads, Duration probeDeadline, FileBudgets files) {
    public static final SubmitLimits DEFAULTS =
            new SubmitLimits(1000, 4, Duration.ofSeconds(120), FileBudgets.DEFAULTS);

    public SubmitLimits {
        if (sourcesPerJob < 1
                || probeThreads < 1
                || probeDeadline == null
                || probeDeadline.isNegative()
                || probeDeadline.isZero()) {
            throw new IllegalArgumentException("submit limits must be positive: sources-per-job " + sourcesPerJob
                    + ", probe-threads " + probeThreads + ", probe-deadline " + probeDeadline);
        }
        files = files == null ? FileBudgets.DEFAULTS : files;
    }
}
