package io.darkroom.ingest.service;

import io.darkroom.contracts.SourceRef;
import io.darkroom.ingest.config.IngestConfig;
import io.darkroom.ingest.config.WatchFolders;
import io.darkroom.ingest.domain.JobRequest;
import io.darkroom.ingest.domain.WatchFolder;
import io.darkroom.ingest.domain.WatchLedger;
import io.darkroom.media.StorageRoots;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Runs one {@link WatchScanner} per configured watch folder, each on its own thread of a scheduled executor (so no
 * event loop or request thread ever waits on a probe or a publish), one scan every poll interval (fixed delay).
 * Submissions go through {@link JobSubmissionService}, the code behind POST /jobs.
 */
@ApplicationScoped
public class WatchService {
    private static final Logger LOG = Logger.getLogger(WatchService.class);

    private final IngestConfig config;
    private final StorageRoots roots;
    private final JobSubmissionService jobs;
    private final List<WatchScanner> scanners = new ArrayList<>();
    private final List<WatchStatus> broken = new ArrayList<>();
    private ScheduledExecutorService executor;

    public WatchService(IngestConfig config, StorageRoots roots, JobSubmissionService jobs) {
        this.config = config;
        this.roots = roots;
        this.jobs = jobs;
    }

    /** The service identity a folder submits as: darkroom.watch.NAME.identity, else watch-NAME. */
    private String identity(String folder) {
        IngestConfig.WatchFolderConfig c = config.watch().get(folder);
        return c == null
                ? "watch-" + folder
                : c.identity().filter(i -> !i.isBlank()).orElse("watch-" + folder);
    }

    /** After ConfigChecks (1) and the topic (10). */
    synchronized void onStart(@Observes @Priority(20) StartupEvent event) {
        List<WatchFolder> folders = WatchFolders.of(config);
        if (folders.isEmpty()) {
            return;
        }
        Path ledgers = roots.resolve(
                new SourceRef(config.watchState().root(), config.watchState().path()));
        for (WatchFolder f : folders) {
            Path dir = roots.resolve(f.folder());
            try {
                WatchLedger ledger = WatchLedger.open(ledgers, f.name());
                scanners.add(new WatchScanner(
                        f,
                        dir,
                        ledger,
                        (request, key) -> jobs.submit(
                                        new JobRequest(
                                                request.name(),
                                                request.priority(),
                                                request.pool(),
                                                null,
                                                request.sources(),
                                                request.recipe(),
                                                request.destination()),
                                        key,
                                        io.darkroom.contracts.Actor.service(identity(f.name())))
                                .jobId(),
                        System::nanoTime,
                        Clock.systemUTC()));
                LOG.infof(
                        "watch %s: watching %s (%s), stable for %s, polled every %s, pattern %s, %s; ledger %s",
                        f.name(),
                        f.folder(),
                        dir,
                        f.stableFor(),
                        f.pollInterval(),
                        f.pattern(),
                        f.recipe() == null ? "recipe from sidecars only" : "default recipe",
                        ledger.file());
            } catch (IOException e) {
                LOG.errorf(
                        "watch %s: NOT watched: %s. Move the ledger aside to start over (files are then submitted "
                                + "again with the same idempotency keys, which process-service drops)",
                        f.name(), e.getMessage());
                broken.add(new WatchStatus(
                        f.name(),
                        f.folder().toString(),
                        f.recursive(),
                        f.pattern(),
                        f.stableFor().toString(),
                        f.pollInterval().toString(),
                        false,
                        null,
                        "not watched: " + e.getMessage(),
                        0,
                        0,
                        0,
                        List.of(),
                        List.of(),
                        List.of()));
            }
        }
        if (scanners.isEmpty()) {
            return;
        }
        AtomicInteger n = new AtomicInteger();
        executor = Executors.newScheduledThreadPool(scanners.size(), r -> {
            Thread t = new Thread(r, "darkroom-watch-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        for (WatchScanner s : scanners) {
            executor.scheduleWithFixedDelay(
                    () -> scanSafely(s), 0, s.folder().pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** An exception must not end the schedule (a throwing task is never run again). */
    private static void scanSafely(WatchScanner s) {
        try {
            s.scan();
        } catch (Throwable t) {
            LOG.errorf(
                    t,
                    "watch %s: scan failed; trying again at the next poll",
                    s.folder().name());
        }
    }

    /** Lets a scan in progress finish its submission (bounded), so its ledger entry is written. */
    synchronized void onStop(@Observes ShutdownEvent event) {
        if (executor == null) {
            return;
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(config.kafka().sendTimeout().toMillis() + 5000, TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    public synchronized List<WatchStatus> statuses() {
        List<WatchStatus> out = new ArrayList<>(broken);
        scanners.forEach(s -> out.add(s.status()));
        out.sort(java.util.Comparator.comparing(WatchStatus::name));
        return out;
    }
}
