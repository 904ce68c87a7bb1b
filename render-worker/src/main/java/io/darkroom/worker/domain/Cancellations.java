package io.darkroom.worker.domain;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cancellations this worker has heard of (from {@code CancelTasks} control messages), so that a task record of a
 * cancelled job that arrives later is never rendered. Bounded: the oldest jobs are forgotten beyond
 * {@code maxJobs} (a record that old would long have been taken by someone). Thread-safe.
 */
public final class Cancellations {
    private final int maxJobs;
    /** jobId -> its cancelled task ids; an empty set means every task of the job. */
    private final LinkedHashMap<String, Set<String>> jobs;

    public Cancellations(int maxJobs) {
        this.maxJobs = maxJobs;
        this.jobs = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Set<String>> eldest) {
                return size() > Cancellations.this.maxJobs;
            }
        };
    }

    /** Remembers a cancellation; {@code taskIds} empty or null means every task of the job. */
    public synchronized void remember(String jobId, List<String> taskIds) {
        if (jobId == null) {
            return;
        }
        Set<String> known = jobs.get(jobId);
        if (taskIds == null || taskIds.isEmpty()) {
            jobs.put(jobId, Set.of());
        } else if (known == null) {
            jobs.put(jobId, new HashSet<>(taskIds));
        } else if (!known.isEmpty()) {
            known.addAll(taskIds);
        }
    }

    /** Whether a task of a job was cancelled. */
    public synchronized boolean cancelled(String jobId, String taskId) {
        Set<String> tasks = jobs.get(jobId);
        return tasks != null && (tasks.isEmpty() || tasks.contains(taskId));
    }

    public synchronized int size() {
        return jobs.size();
    }
}
