package io.darkroom.process.messaging;

import io.darkroom.process.persistence.DataAccessException;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs a handler, trying again a few times when the catalog is unreachable or busy, before the channel's failure
 * strategy (dead letter) takes the record. Runs on the blocking worker thread, never the Kafka poll thread.
 */
final class Retrying {
    private static final Logger LOG = Logger.getLogger(Retrying.class);
    private static final long[] BACKOFF_MS = {500, 1000, 2000, 4000};

    private Retrying() {}

    static <T> T run(String what, Supplier<T> handler) {
        for (int i = 0; ; i++) {
            try {
                return handler.get();
            } catch (DataAccessException e) {
                if (i >= BACKOFF_MS.length) {
                    throw e;
                }
                LOG.warnf("%s: catalog error, trying again in %d ms: %s", what, BACKOFF_MS[i], e.getMessage());
                pause(BACKOFF_MS[i]);
            }
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
