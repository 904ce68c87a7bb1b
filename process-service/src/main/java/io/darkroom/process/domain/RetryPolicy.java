package io.darkroom.process.domain;

import io.darkroom.contracts.FailureReason;
import java.time.Duration;

/**
 * What happens after an attempt failed: another attempt after a back-off (1 s, 2 s, 4 s, ... capped), or the task
 * fails for good (permanent reason, or attempts used up).
 */
public record RetryPolicy(int maxAttempts, Duration backoff, Duration maxBackoff) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("darkroom.dispatch.max-attempts must be at least 1, was " + maxAttempts);
        }
    }

    /** The outcome of one failed attempt. */
    public sealed interface Decision permits Retry, GiveUp {}

    /** Try again as attempt {@code nextAttempt}, not before {@code delay} from now. */
    public record Retry(int nextAttempt, Duration delay) implements Decision {}

    /** Fail the task; {@code exhausted} is true when retries ran out (as opposed to a permanent reason). */
    public record GiveUp(boolean exhausted) implements Decision {}

    public Decision decide(FailureReason reason, int attempt) {
        if (!reason.retryable()) {
            return new GiveUp(false);
        }
        if (attempt >= maxAttempts) {
            return new GiveUp(true);
        }
        return new Retry(attempt + 1, delayAfter(attempt));
    }

    /** Back-off after attempt n (1-based): backoff * 2^(n-1), at most maxBackoff. */
    public Duration delayAfter(int attempt) {
        int shift = Math.min(Math.max(attempt - 1, 0), 30);
        long millis = backoff.toMillis() << shift;
        if (millis < 0 || millis > maxBackoff.toMillis()) {
            return maxBackoff;
        }
        return Duration.ofMillis(millis);
    }
}
