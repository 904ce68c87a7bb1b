package io.darkroom.process.domain;

import java.time.Duration;
import java.time.Instant;

/** A worker's status as the API shows it: its own reported state, or LOST when its heartbeats stopped. */
public enum WorkerStatus {
    /** Heartbeats arrive and it takes work. */
    UP,
    /** Heartbeats arrive; it finishes what it holds and takes nothing new. */
    DRAINING,
    /** It announced it is shutting down. */
    STOPPING,
    /** It stopped cleanly (tombstone on the heartbeat topic). */
    GONE,
    /** No heartbeat within the heartbeat timeout. */
    LOST;

    /** Derives the shown status from the stored state and the age of the last heartbeat. */
    public static WorkerStatus of(String storedState, Instant lastHeartbeat, Instant now, Duration timeout) {
        WorkerStatus stored = valueOf(storedState);
        if (stored == GONE) {
            return GONE;
        }
        return lastHeartbeat.plus(timeout).isBefore(now) ? LOST : stored;
    }
}
