package io.darkroom.worker.service;

import io.darkroom.contracts.TaskEvent.SegmentFile;
import io.darkroom.contracts.WorkerControl;
import io.darkroom.media.StorageRoots;
import io.darkroom.worker.config.WorkerConfig;
import io.darkroom.worker.domain.Cancellations;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Applies the commands of {@code darkroom.workers.control}: CancelTasks (stop matching running renders now and
 * remember the job so that its records arriving later are skipped), Drain / Undrain of this worker.
 */
@ApplicationScoped
public class WorkerControlService {
    private static final Logger LOG = Logger.getLogger(WorkerControlService.class);
    /** Jobs remembered as cancelled (oldest forgotten first). */
    static final int REMEMBERED_JOBS = 10_000;

    private final Cancellations cancellations = new Cancellations(REMEMBERED_JOBS);
    private final RunningTasks running;
    private final WorkerStatus status;
    private final HeartbeatService heartbeat;
    private final WorkerIdentity identity;
    private final StorageRoots roots;

    public WorkerControlService(
            RunningTasks running,
            WorkerStatus status,
            HeartbeatService heartbeat,
            WorkerIdentity identity,
            WorkerConfig config) {
        this.running = running;
        this.status = status;
        this.heartbeat = heartbeat;
        this.identity = identity;
        this.roots = StorageRoots.of(config.storage().roots());
    }

    /**
     * Applies one command.
     *
     * @param live false for commands replayed from before this worker started: cancellations are remembered, but a
     *             Drain/Undrain is only obeyed when it was sent to the running worker
     */
    public void apply(WorkerControl command, boolean live) {
        if (command instanceof WorkerControl.CancelTasks c) {
            cancel(c);
        } else if (command instanceof WorkerControl.Drain d) {
            drain(d.workerId(), true, live);
        } else if (command instanceof WorkerControl.Undrain u) {
            drain(u.workerId(), false, live);
        }
    }

    private void cancel(WorkerControl.CancelTasks c) {
        // remember first, then cancel running attempts: an attempt registers before it checks the remembered
        // cancellations, so none slips between the two
        cancellations.remember(c.jobId(), c.taskIds());
        String reason = c.reason() == null || c.reason().isBlank() ? "job " + c.jobId() + " cancelled" : c.reason();
        int n = running.cancel(c.jobId(), c.taskIds(), reason);
        LOG.infof("job %s: cancelled (%s); %d running task(s) on this worker stopping", c.jobId(), reason, n);
    }

    private void drain(String workerId, boolean drained, boolean live) {
        if (!identity.workerId().equals(workerId) || !live) {
            return;
        }
        if (status.drainRequested(drained)) {
            LOG.infof(
                    "worker %s: %s",
                    workerId,
                    drained
                            ? "draining: finishing %d running task(s), taking no new work".formatted(status.busy())
                            : "undrained: taking work again");
            heartbeat.beatNow();
        }
    }

    /** Whether a task was cancelled (its job cancelled through the control topic). */
    public boolean cancelled(String jobId, String taskId) {
        return cancellations.cancelled(jobId, taskId);
    }

    public RunningTasks running() {
        return running;
    }

    /** Deletes the files of an attempt that finished although its job was cancelled; never throws. */
    public void discard(String jobId, String taskId, List<SegmentFile> files) {
        for (SegmentFile f : files) {
            try {
                Files.deleteIfExists(roots.resolve(f.file()));
            } catch (IOException | RuntimeException e) {
                LOG.warnf(
                        "job %s task %s: cannot delete %s of a cancelled task: %s",
                        jobId, taskId, f.file(), e.toString());
            }
        }
    }
}
