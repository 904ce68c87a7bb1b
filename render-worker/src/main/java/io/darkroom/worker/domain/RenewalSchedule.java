package io.darkroom.worker.domain;

import java.time.Duration;

/**
 * When a held task record's acquisition lock is renewed: every third of the lock duration, so two renewals can be
 * late or lost before the broker gives the record to another worker. Times are {@link System#nanoTime()} values.
 * Used by one consumer thread only.
 */
public final class RenewalSchedule {
    private static final long MIN_INTERVAL_NANOS = Duration.ofMillis(500).toNanos();

    private final long intervalNanos;
    private long nextDueNanos;

    public RenewalSchedule(Duration lockDuration, long acquiredAtNanos) {
        if (lockDuration == null || lockDuration.isNegative() || lockDuration.isZero()) {
            throw new IllegalArgumentException("lock duration must be positive, got " + lockDuration);
        }
        this.intervalNanos = Math.max(MIN_INTERVAL_NANOS, lockDuration.toNanos() / 3);
        this.nextDueNanos = acquiredAtNanos + intervalNanos;
    }

    public Duration interval() {
        return Duration.ofNanos(intervalNanos);
    }

    public boolean due(long nowNanos) {
        return nowNanos - nextDueNanos >= 0;
    }

    /** Nanoseconds until the next renewal is due (0 when it is due now). */
    public long nanosUntilDue(long nowNanos) {
        return Math.max(0, nextDueNanos - nowNanos);
    }

    /** Records a renewal that the broker confirmed at {@code nowNanos}; the next one is due an interval later. */
    public void renewed(long nowNanos) {
        nextDueNanos = nowNanos + intervalNanos;
    }
}
