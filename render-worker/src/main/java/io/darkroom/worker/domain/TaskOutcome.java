package io.darkroom.worker.domain;

import io.darkroom.contracts.FailureReason;
import io.darkroom.contracts.TaskEvent.SegmentFile;
import java.util.List;

/** How one attempt of one task ended on this worker. */
public sealed interface TaskOutcome {

    /** Every output was written and closed. */
    record Rendered(List<SegmentFile> files) implements TaskOutcome {}

    /** The render failed; the reason says whether a new attempt can help. */
    record Failed(FailureReason reason, String message) implements TaskOutcome {}

    /** The worker stopped the render itself because it is shutting down; nothing is reported, the record goes back. */
    record Interrupted(String why) implements TaskOutcome {}

    /**
     * The task's job was cancelled (a CancelTasks control message): the render was stopped, or never started, and its
     * files removed. Reported as failed with reason CANCELLED, then ACCEPTed: a cancelled task must not come back.
     */
    record Cancelled(String why) implements TaskOutcome {}

    /** The acquisition lock was lost (renewal refused): the broker gives the record to someone else. */
    record LockLost(String why) implements TaskOutcome {}
}
