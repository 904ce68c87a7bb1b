package io.darkroom.process.service;

import io.darkroom.contracts.SourceRef;
import io.darkroom.contracts.WorkerControl;
import io.darkroom.media.StorageRoots;
import io.darkroom.process.config.DarkroomConfig;
import io.darkroom.process.messaging.ControlPublisher;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * What follows a committed cancel outside the catalog: the CancelTasks command to the workers (awaited; re-sent in
 * the background every 5 s for a minute when the broker does not acknowledge it), and, once the workers have
 * stopped, removal of the job's work folder {@code work:jobs/<jobId>} (promoted and stray attempt files).
 */
@ApplicationScoped
public class CancelFollowUp {
    private static final Logger LOG = Logger.getLogger(CancelFollowUp.class);
    private static final Duration RESEND_EVERY = Duration.ofSeconds(5);
    private static final int RESENDS = 12;

    private final ControlPublisher control;
    private final StorageRoots roots;
    private final Duration cleanupDelay;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "darkroom-cancel-follow-up");
        t.setDaemon(true);
        return t;
    });

    public CancelFollowUp(ControlPublisher control, DarkroomConfig config) {
        this.control = control;
        this.roots = StorageRoots.of(config.storage().roots(), config.storage().modes());
        this.cleanupDelay = config.dispatch().cancelCleanupDelay();
    }

    /** Sends the command now; true when the broker acknowledged it (otherwise it is re-sent in the background). */
    public boolean notifyWorkers(WorkerControl.CancelTasks command) {
        if (send(command)) {
            return true;
        }
        resendLater(command, 1);
        return false;
    }

    private boolean send(WorkerControl.CancelTasks command) {
        try {
            control.publish(command);
            LOG.infof(
                    "job %s: CancelTasks for %d task(s) sent to the workers",
                    command.jobId(), command.taskIds().size());
            return true;
        } catch (RuntimeException e) {
            LOG.errorf("job %s: CancelTasks not acknowledged by the broker: %s", command.jobId(), e.getMessage());
            return false;
        }
    }

    private void resendLater(WorkerControl.CancelTasks command, int attempt) {
        scheduler.schedule(
                () -> {
                    if (!send(command) && attempt < RESENDS) {
                        resendLater(command, attempt + 1);
                    }
                },
                RESEND_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Deletes {@code work:jobs/<jobId>} after the cleanup delay. */
    public void removeWorkFolderLater(UUID jobId) {
        scheduler.schedule(() -> removeWorkFolder(jobId), cleanupDelay.toMillis(), TimeUnit.MILLISECONDS);
    }

    void removeWorkFolder(UUID jobId) {
        Path dir;
        try {
            dir = roots.resolve(new SourceRef(RenderTasks.WORK_ROOT, "jobs/" + jobId));
        } catch (RuntimeException e) {
            LOG.warnf("job %s: work folder not removed: %s", jobId, e.getMessage());
            return;
        }
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> all = walk.sorted(Comparator.reverseOrder()).toList();
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
            LOG.infof("job %s: cancelled; work folder %s removed (%d entries)", jobId, dir, all.size());
        } catch (IOException | RuntimeException e) {
            LOG.warnf("job %s: work folder %s not fully removed: %s", jobId, dir, e.toString());
        }
    }

    @PreDestroy
    void stop() {
        scheduler.shutdownNow();
    }
}
