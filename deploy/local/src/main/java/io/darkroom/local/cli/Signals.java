package io.darkroom.local.cli;

import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT handled by the command line itself instead of by JVM shutdown hooks: hooks run all at once and
 * in no order, and the embedded PostgreSQL library registers one of its own, so the database would stop while the
 * services still use it. Here the stack is stopped in order first (services, broker, database), then the JVM exits.
 */
final class Signals {
    private static final Logger LOG = Logger.getLogger(Signals.class);

    private Signals() {}

    /** On SIGTERM or SIGINT: runs {@code stop} once, then exits with 128 + the signal number. */
    static void onTermination(Runnable stop) {
        AtomicBoolean once = new AtomicBoolean();
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> {
                if (!once.compareAndSet(false, true)) {
                    return;
                }
                LOG.infof("SIG%s: stopping the stack", signal.getName());
                try {
                    stop.run();
                } catch (RuntimeException e) {
                    LOG.errorf(e, "stopping the stack failed");
                } finally {
                    System.exit(128 + signal.getNumber());
                }
            });
        }
    }
}
