package io.darkroom.ingest.domain;

import java.time.Duration;

/**
 * What ingest spends on one request before answering: how many sources it takes, how many ffprobe runs it makes at
 * once, and how long probing all of them may take (a request of many or slow files is refused, not left hanging).
 *
 * @param sourcesPerJob most sources of one job ({@code darkroom.budgets.sources-per-job}, 1000)
 * @param probeThreads  sources probed at once, per service ({@code darkroom.budgets.probe-threads}, 4)
 * @param probeDeadline the longest probing of one request may take ({@code darkroom.budgets.probe-deadline}, 120 s)
 */
public record SubmitLimits(int sourcesPerJob, int probeThreads, Duration probeDeadline) {
    public static final SubmitLimits DEFAULTS = new SubmitLimits(1000, 4, Duration.ofSeconds(120));

    public SubmitLimits {
        if (sourcesPerJob < 1
                || probeThreads < 1
                || probeDeadline == null
                || probeDeadline.isNegative()
                || probeDeadline.isZero()) {
            throw new IllegalArgumentException("submit limits must be positive: sources-per-job " + sourcesPerJob
                    + ", probe-threads " + probeThreads + ", probe-deadline " + probeDeadline);
        }
    }
}
