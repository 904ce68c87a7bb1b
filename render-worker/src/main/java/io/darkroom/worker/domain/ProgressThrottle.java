package io.darkroom.worker.domain;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Lets a progress report through at most once per interval (the first one always). Times are nanoTime values. */
public final class ProgressThrottle {
    private final long intervalNanos;
    private final AtomicLong lastNanos = new AtomicLong();
    private volatile boolean any;

    public ProgressThrottle(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    public boolean tryAcquire(long nowNanos) {
        if (!any) {
            any = true;
            lastNanos.set(nowNanos);
            return true;
        }
        long last = lastNanos.get();
        return nowNanos - last >= intervalNanos && lastNanos.compareAndSet(last, nowNanos);
    }
}
