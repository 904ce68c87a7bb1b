package io.darkroom.render;

import java.util.function.LongSupplier;

/** Forwards progress to a {@link ProgressListener} at most about once a second, and always at the end. */
final class ProgressReporter {
    private static final long INTERVAL_NANOS = 1_000_000_000L;

    private final ProgressListener listener;
    private final long total;
    private final LongSupplier clock;
    private long lastReport;

    ProgressReporter(ProgressListener listener, long total, LongSupplier clock) {
        this.listener = listener;
        this.total = total;
        this.clock = clock;
        this.lastReport = clock.getAsLong();
    }

    ProgressReporter(ProgressListener listener, long total) {
        this(listener, total, System::nanoTime);
    }

    void update(long done) {
        long now = clock.getAsLong();
        if (now - lastReport >= INTERVAL_NANOS) {
            lastReport = now;
            listener.onProgress(done, total);
        }
    }

    void finish(long done) {
        lastReport = clock.getAsLong();
        listener.onProgress(done, Math.max(total, done));
    }
}
