package io.darkroom.process.web;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Tells open monitor pages that something they show changed: every second, while at least one page listens, the
 * catalog's change marks are read and a changed one is broadcast ("jobs" or "workers") to every server-sent-event
 * stream. Pages then fetch their live fragment again, so a change is on screen within about a second.
 */
@ApplicationScoped
public class LiveUpdates {
    private static final Logger LOG = Logger.getLogger(LiveUpdates.class);

    private final MonitorQueries queries;
    private final BroadcastProcessor<String> changes = BroadcastProcessor.create();
    private final AtomicInteger listeners = new AtomicInteger();
    private volatile String jobsMark = "";
    private volatile String workersMark = "";

    public LiveUpdates(MonitorQueries queries) {
        this.queries = queries;
    }

    /** The change events of one page: "jobs" or "workers" as they happen, "ping" every 15 s to keep proxies open. */
    public Multi<String> stream() {
        Multi<String> ping = Multi.createFrom().ticks().every(java.time.Duration.ofSeconds(15)).map(t -> "ping");
        return Multi.createBy().merging().streams(changes, ping)
                .onSubscription().invoke(() -> listeners.incrementAndGet())
                .onTermination().invoke(() -> listeners.decrementAndGet());
    }

    public int listeners() {
        return listeners.get();
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = NoListeners.class)
    void poll() {
        try {
            String j = queries.jobsMark();
            if (!j.equals(jobsMark)) {
                jobsMark = j;
                changes.onNext("jobs");
            }
            String w = queries.workersMark();
            if (!w.equals(workersMark)) {
                workersMark = w;
                changes.onNext("workers");
            }
        } catch (RuntimeException e) {
            LOG.debugf("live updates: catalog not readable now: %s", e.getMessage());
        }
    }

    /** Skips the poll while no page listens. */
    @ApplicationScoped
    public static class NoListeners implements Scheduled.SkipPredicate {
        private final jakarta.enterprise.inject.Instance<LiveUpdates> live;

        public NoListeners(jakarta.enterprise.inject.Instance<LiveUpdates> live) {
            this.live = live;
        }

        @Override
        public boolean test(io.quarkus.scheduler.ScheduledExecution execution) {
            return live.get().listeners() == 0;
        }
    }
}
