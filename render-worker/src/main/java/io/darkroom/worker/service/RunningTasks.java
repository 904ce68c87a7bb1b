package io.darkroom.worker.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/** The attempts rendering on this worker now, so that a CancelTasks control message can reach them. */
@ApplicationScoped
public class RunningTasks {
    private final Map<String, Running> byTask = new ConcurrentHashMap<>();

    /** One running attempt: its render's cancel flag (the RenderContext.cancelled supplier) and why it was cancelled. */
    public static final class Running {
        private final String jobId;
        private final String taskId;
        private final AtomicBoolean cancelFlag;
        private volatile String cancelledBecause;

        Running(String jobId, String taskId, AtomicBoolean cancelFlag) {
            this.jobId = jobId;
            this.taskId = taskId;
            this.cancelFlag = cancelFlag;
        }

        /** Non-null once the task's job was cancelled by a person. */
        public String cancelledBecause() {
            return cancelledBecause;
        }

        void cancel(String reason) {
            cancelledBecause = reason;
            cancelFlag.set(true);
        }
    }

    /** Registers an attempt before it starts; {@code cancelFlag} is what its render polls. */
    public Running register(String jobId, String taskId, AtomicBoolean cancelFlag) {
        Running r = new Running(jobId, taskId, cancelFlag);
        byTask.put(taskId, r);
        return r;
    }

    public void unregister(Running running) {
        byTask.remove(running.taskId, running);
    }

    /**
     * Cancels the running attempts of a job ({@code taskIds} empty: all of them); returns how many.
     */
    public int cancel(String jobId, Collection<String> taskIds, String reason) {
        int n = 0;
        for (Running r : byTask.values()) {
            if (r.jobId.equals(jobId) && (taskIds == null || taskIds.isEmpty() || taskIds.contains(r.taskId))) {
                r.cancel(reason);
                n++;
            }
        }
        return n;
    }
}
