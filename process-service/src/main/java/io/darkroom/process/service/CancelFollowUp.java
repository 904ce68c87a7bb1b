package io.darkroom.process.service;

import io.darkroom.contracts.WorkerControl;
import io.darkroom.process.config.DarkroomConfig;
import io.darkroom.process.messaging.ControlPublisher;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * What follows a committed cancel outside the catalog: the CancelTasks command to the workers (awaited; re-sent in
 * the background every 5 s for a minute when the broker does not acknowledge it), and, once the workers have
 * stopped, removal of the job's work folder {@code work:jobs/<jobId>} (promoted and stray attempt files), and the
 * posters grabbed ahead for it.
 */
@ApplicationScoped
public class CancelFollowUp {
    private static final Logger LOG = Logger.getLogger(CancelFollowUp.class);
    private static final Duration RESEND_EVERY = Duration.ofSeconds(5);
    private static final int RESENDS = 12;

    private final ControlPublisher control;
    private final WorkFolders workFolders;
    private final PosterFrames posters;
    private final Duration cleanupDelay;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "darkroom-cancel-follow-up");
        t.setDaemon(true);
        return t;
    });

    public CancelFollowUp(
            ControlPublisher control, WorkFolders workFolders, PosterFrames posters, DarkroomConfig config) {
        this.control = control;
        this.workFolders = workFolders;
        this.posters = posters;
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

    /**
     * Drops the job's leftovers: posters grabbed ahead for it at once, and {@code work:jobs/<jobId>} after the cleanup
     * delay (should this process stop first, the work folder sweep removes it later).
     */
    public void dropLeftovers(UUID jobId) {
        posters.forget(jobId);
        removeWorkFolderLater(jobId);
    }

    private void removeWorkFolderLater(UUID jobId) {
        scheduler.schedule(() -> removeWorkFolder(jobId), cleanupDelay.toMillis(), TimeUnit.MILLISECONDS);
    }

    void removeWorkFolder(UUID jobId) {
        workFolders.remove(jobId, "cancelled");
    }

    @PreDestroy
    void stop() {
        scheduler.shutdownNow();
    }
}
