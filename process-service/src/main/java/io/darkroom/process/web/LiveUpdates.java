package io.darkroom.process.web;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Tells open monitor pages that something they show changed: every 250 ms, while at least one page listens, the
 * catalog's change marks are read and a changed one is broadcast ("jobs" or "workers") to every server-sent-event
 * stream. Pages then fetch their live fragment again, so a change is on screen well within a second of reaching the catalog.
 */
@ApplicationScoped
public class LiveUpdates {
    private static final Logger LOG = Logger.getLogger(LiveUpdates.class);

    private final MonitorQueries queries;
    private final BroadcastProcessor<String> changes = BroadcastProcessor.create();
    private final AtomicInteger listeners = new AtomicInteger();
    /** How often the change marks are read while a page listens. */
    static final Duration POLL = Duration.ofMillis(250);

    private ScheduledExecutorService ticker;
    private volatile String jobsMark = "";
    private volatile String workersMark = "";

    public LiveUpdates(MonitorQueries queries) {
        this.queries = queries;
    }

    /** The change events of one page: "jobs" or "workers" as they happen, "ping" every 15 s to keep proxies open. */
    public Multi<String> stream() {
        Multi<String> ping = Multi.createFrom()
                .ticks()
                .every(java.time.Duration.ofSeconds(15))
                .map(t -> "ping");
        return Multi.createBy()
                .merging()
                .streams(changes, ping)
                .onSubscription()
                .invoke(() -> listeners.incrementAndGet())
                .onTermination()
                .invoke(() -> listeners.decrementAndGet());
    }

    public int listeners() {
        return listeners.get();
    }

    @PostConstruct
    void start() {
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "darkroom-web-live");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(
                () -> {
                    if (listeners.get() > 0) {
                        poll();
                    }
                },
                POLL.toMillis(),
                POLL.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        ticker.shutdownNow();
    }

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
}
