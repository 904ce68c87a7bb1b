package io.darkroom.local;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.jboss.logging.Logger;

/**
 * Restarts service processes that exit without being asked to: after an exit the service is launched again on the
 * same port once a backoff has passed (1 s, 2 s, 4 s ... up to a cap), counted, and reported to a listener; a service
 * that exits {@link Policy#maxCrashes()} times within {@link Policy#window()} is left down. A stop through
 * {@link ServiceProcess#terminate()} / {@link ServiceProcess#stop()} is not a crash; a {@code kill -9} is.
 */
public final class Supervisor implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Supervisor.class);

    /**
     * When to restart.
     *
     * @param firstBackoff  delay before the first restart; doubled for each further crash within the window
     * @param maxBackoff    the cap of that delay
     * @param maxCrashes    crashes within {@code window} after which the service is left down
     * @param window        the crash-loop window
     * @param readyTimeout  how long a restarted service may take to become ready (longer counts as a crash)
     */
    public record Policy(
            Duration firstBackoff, Duration maxBackoff, int maxCrashes, Duration window, Duration readyTimeout) {
        public static Policy defaults() {
            return new Policy(
                    Duration.ofSeconds(1), Duration.ofSeconds(30), 5, Duration.ofSeconds(60), Duration.ofSeconds(120));
        }

        /** The delay before restarting after the {@code n}-th crash (1-based) within the window. */
        public Duration backoff(int n) {
            long ms = firstBackoff.toMillis() << Math.min(Math.max(n - 1, 0), 30);
            return Duration.ofMillis(Math.min(ms, maxBackoff.toMillis()));
        }
    }

    /** A supervised service's state. */
    public enum State {
        UP,
        RESTARTING,
        DOWN
    }

    /**
     * What the supervisor knows of one service.
     *
     * @param name     the service process name ({@code process-service}, {@code worker-1} ...)
     * @param state    up, waiting to restart / restarting, or left down
     * @param restarts restarts done so far
     * @param pid      the current (or last) process id
     * @param lastExit exit code of the last unexpected exit, null if none
     * @param message  why the service is down or restarting, null while up
     */
    public record Status(String name, State state, int restarts, long pid, Integer lastExit, String message) {}

    private final Policy policy;
    private final Consumer<Status> listener;
    private final Map<String, Slot> slots = new LinkedHashMap<>();
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "supervisor-timer"));
    private final ExecutorService restarter = Executors.newCachedThreadPool(r -> daemon(r, "supervisor-restart"));
    private volatile boolean closed;

    /** @param listener told of every change of state (called on a supervisor thread) */
    public Supervisor(Policy policy, Consumer<Status> listener) {
        this.policy = policy;
        this.listener = listener;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * Watches {@code current}; when it exits unexpectedly, {@code relaunch} is called with its port to launch a
     * replacement (not yet ready), which is awaited and then handed to {@code onRestarted}.
     */
    public synchronized void watch(
            ServiceProcess current, IntFunction<ServiceProcess> relaunch, Consumer<ServiceProcess> onRestarted) {
        Slot slot = new Slot(current.name(), relaunch, onRestarted);
        slot.current = current;
        slots.put(current.name(), slot);
        arm(slot, current);
    }

    /** Every watched service, in the order they were added. */
    public synchronized List<Status> statuses() {
        return slots.values().stream().map(Slot::status).toList();
    }

    public synchronized Status status(String name) {
        Slot s = slots.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no supervised service " + name);
        }
        return s.status();
    }

    private void arm(Slot slot, ServiceProcess p) {
        p.onExit().thenAccept(exitCode -> {
            if (closed || p.stopRequested()) {
                return;
            }
            crashed(slot, p, exitCode);
        });
    }

    private void crashed(Slot slot, ServiceProcess p, int exitCode) {
        Status report;
        synchronized (this) {
            if (closed || slot.current != p) {
                return;
            }
            Instant now = Instant.now();
            slot.crashes.addLast(now);
            while (!slot.crashes.isEmpty() && slot.crashes.peekFirst().isBefore(now.minus(policy.window()))) {
                slot.crashes.removeFirst();
            }
            slot.lastExit = exitCode;
            int n = slot.crashes.size();
            if (n >= policy.maxCrashes()) {
                slot.state = State.DOWN;
                slot.message = slot.name + " exited " + n + " times within "
                        + policy.window().toSeconds()
                        + " s (last exit code " + exitCode + "); left down after " + slot.restarts
                        + " restart(s). See " + p.logFile() + "; restart the stack (./darkroom down, ./darkroom up)"
                        + " once the cause is fixed";
                LOG.errorf("supervisor: %s", slot.message);
            } else {
                Duration delay = policy.backoff(n);
                slot.state = State.RESTARTING;
                slot.message = "exited with code " + exitCode + "; restarting in " + delay.toMillis() + " ms (crash "
                        + n + " of " + policy.maxCrashes() + " allowed within "
                        + policy.window().toSeconds() + " s)";
                LOG.warnf("supervisor: %s (pid %d) %s", slot.name, p.pid(), slot.message);
                timer.schedule(
                        () -> restarter.execute(() -> restart(slot, p)), delay.toMillis(), TimeUnit.MILLISECONDS);
            }
            report = slot.status();
        }
        listener.accept(report);
    }

    private void restart(Slot slot, ServiceProcess old) {
        if (closed) {
            return;
        }
        ServiceProcess next;
        try {
            next = slot.relaunch.apply(old.port());
        } catch (RuntimeException e) {
            LOG.errorf(e, "supervisor: cannot relaunch %s", slot.name);
            crashedOnStart(slot, old, e);
            return;
        }
        synchronized (this) {
            if (closed) {
                next.stop();
                return;
            }
            slot.current = next;
        }
        try {
            next.awaitReady(policy.readyTimeout());
        } catch (ServiceStartException e) {
            LOG.warnf("supervisor: restarted %s did not become ready: %s", slot.name, e.getMessage());
            if (!closed) {
                crashed(slot, next, next.alive() ? -1 : next.exitCode());
            }
            return;
        }
        Status report;
        synchronized (this) {
            if (closed) {
                return;
            }
            slot.restarts++;
            slot.state = State.UP;
            slot.message = null;
            report = slot.status();
        }
        slot.onRestarted.accept(next);
        arm(slot, next);
        LOG.infof(
                "supervisor: %s restarted (pid %d, restart %d) and ready at %s",
                slot.name, next.pid(), slot.restarts, next.url());
        listener.accept(report);
    }

    private void crashedOnStart(Slot slot, ServiceProcess old, RuntimeException e) {
        synchronized (this) {
            slot.state = State.DOWN;
            slot.message = slot.name + " could not be relaunched: " + e.getMessage();
        }
        listener.accept(status(slot.name));
    }

    /** Stops supervising (call before stopping the services); nothing is restarted afterwards. */
    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        restarter.shutdownNow();
    }

    private final class Slot {
        final String name;
        final IntFunction<ServiceProcess> relaunch;
        final Consumer<ServiceProcess> onRestarted;
        final Deque<Instant> crashes = new ArrayDeque<>();
        ServiceProcess current;
        State state = State.UP;
        int restarts;
        Integer lastExit;
        String message;

        Slot(String name, IntFunction<ServiceProcess> relaunch, Consumer<ServiceProcess> onRestarted) {
            this.name = name;
            this.relaunch = relaunch;
            this.onRestarted = onRestarted;
        }

        Status status() {
            return new Status(name, state, restarts, current.pid(), lastExit, message);
        }
    }
}
