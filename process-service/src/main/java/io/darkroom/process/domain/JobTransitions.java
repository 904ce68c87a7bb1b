package io.darkroom.process.domain;

import io.darkroom.contracts.JobState;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Which job state changes are legal. Terminal states never change. A gated job goes PLANNED -> AWAITING_APPROVAL and,
 * once approved, back to PLANNED (the dispatcher only takes PLANNED and RUNNING jobs).
 */
public final class JobTransitions {
    private static final Map<JobState, Set<JobState>> NEXT = Map.of(
            JobState.SUBMITTED, EnumSet.of(JobState.PLANNED, JobState.FAILED, JobState.CANCELLED),
            JobState.PLANNED,
                    EnumSet.of(
                            JobState.AWAITING_APPROVAL,
                            JobState.RUNNING,
                            JobState.PAUSED,
                            JobState.ASSEMBLING,
                            JobState.FAILED,
                            JobState.CANCELLED),
            JobState.AWAITING_APPROVAL,
                    EnumSet.of(JobState.PLANNED, JobState.RUNNING, JobState.FAILED, JobState.CANCELLED),
            JobState.RUNNING, EnumSet.of(JobState.PAUSED, JobState.ASSEMBLING, JobState.FAILED, JobState.CANCELLED),
            JobState.PAUSED, EnumSet.of(JobState.PLANNED, JobState.RUNNING, JobState.FAILED, JobState.CANCELLED),
            JobState.ASSEMBLING, EnumSet.of(JobState.SUCCEEDED, JobState.PARTIAL, JobState.FAILED, JobState.CANCELLED),
            JobState.SUCCEEDED, EnumSet.noneOf(JobState.class),
            JobState.PARTIAL, EnumSet.noneOf(JobState.class),
            JobState.FAILED, EnumSet.noneOf(JobState.class),
            JobState.CANCELLED, EnumSet.noneOf(JobState.class));

    private JobTransitions() {}

    public static boolean allowed(JobState from, JobState to) {
        return from != to && NEXT.get(from).contains(to);
    }

    /**
     * The one exception to "terminal states never change": a person's retry takes a FAILED or PARTIAL job back to
     * PLANNED (no task done yet) or RUNNING. Never used by the automatic flow.
     */
    public static boolean allowedByRetry(JobState from, JobState to) {
        return (from == JobState.FAILED || from == JobState.PARTIAL)
                && (to == JobState.PLANNED || to == JobState.RUNNING);
    }

    /** The states a job may be paused from. */
    public static boolean pausable(JobState from) {
        return allowed(from, JobState.PAUSED);
    }
}
