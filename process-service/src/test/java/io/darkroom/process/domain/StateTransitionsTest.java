package io.darkroom.process.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.JobState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StateTransitionsTest {

    @Test
    void theHappyPathIsAllowed() {
        assertThat(JobTransitions.allowed(JobState.SUBMITTED, JobState.PLANNED)).isTrue();
        assertThat(JobTransitions.allowed(JobState.PLANNED, JobState.RUNNING)).isTrue();
        assertThat(JobTransitions.allowed(JobState.RUNNING, JobState.ASSEMBLING))
                .isTrue();
        assertThat(JobTransitions.allowed(JobState.ASSEMBLING, JobState.SUCCEEDED))
                .isTrue();
    }

    @Test
    void terminalStatesNeverChangeAndNothingRepeats() {
        for (JobState terminal : List.of(JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED)) {
            for (JobState to : JobState.values()) {
                assertThat(JobTransitions.allowed(terminal, to))
                        .as(terminal + " -> " + to)
                        .isFalse();
            }
        }
        assertThat(JobTransitions.allowed(JobState.RUNNING, JobState.RUNNING)).isFalse();
    }

    @Test
    void onlyAPersonsRetryReopensAFailedJobAndOnlyToPlannedOrRunning() {
        assertThat(JobTransitions.allowedByRetry(JobState.FAILED, JobState.PLANNED))
                .isTrue();
        assertThat(JobTransitions.allowedByRetry(JobState.FAILED, JobState.RUNNING))
                .isTrue();
        assertThat(JobTransitions.allowedByRetry(JobState.FAILED, JobState.SUCCEEDED))
                .isFalse();
        assertThat(JobTransitions.allowedByRetry(JobState.CANCELLED, JobState.RUNNING))
                .isFalse();
        assertThat(JobTransitions.allowedByRetry(JobState.SUCCEEDED, JobState.PLANNED))
                .isFalse();
        assertThat(JobTransitions.pausable(JobState.PLANNED)).isTrue();
        assertThat(JobTransitions.pausable(JobState.RUNNING)).isTrue();
        assertThat(JobTransitions.pausable(JobState.ASSEMBLING)).isFalse();
        assertThat(JobTransitions.pausable(JobState.PAUSED)).isFalse();
        assertThat(JobTransitions.allowed(JobState.PAUSED, JobState.CANCELLED)).isTrue();
    }

    @Test
    void aJobCannotSucceedWithoutAssembling() {
        assertThat(JobTransitions.allowed(JobState.RUNNING, JobState.SUCCEEDED)).isFalse();
        assertThat(JobTransitions.allowed(JobState.PLANNED, JobState.SUCCEEDED)).isFalse();
        assertThat(JobTransitions.allowed(JobState.ASSEMBLING, JobState.RUNNING))
                .isFalse();
    }

    @Test
    void aJobEndsOnlyWhenEveryClipEnded() {
        var done = new JobOutcome.ClipResult("A", ClipState.DONE, null);
        var assembling = new JobOutcome.ClipResult("B", ClipState.ASSEMBLING, null);
        var failed = new JobOutcome.ClipResult("C", ClipState.FAILED, "output review failed QC: frame count 9");
        assertThat(JobOutcome.of(List.of(done, assembling))).isEmpty();
        assertThat(JobOutcome.of(List.of(done, done))).contains(JobState.SUCCEEDED);
        assertThat(JobOutcome.of(List.of(done, failed))).contains(JobState.PARTIAL);
        assertThat(JobOutcome.of(List.of(failed, failed))).contains(JobState.FAILED);
        assertThat(JobOutcome.failureReason(List.of(done, failed)))
                .isEqualTo("1 of 2 clips failed: C: output review failed QC: frame count 9");
    }

    @Test
    void taskAndClipTerminalStates() {
        assertThat(TaskState.OPEN).containsExactlyInAnyOrder(TaskState.PENDING, TaskState.PUBLISHED, TaskState.RUNNING);
        assertThat(TaskState.DONE.terminal()).isTrue();
        assertThat(TaskState.RUNNING.terminal()).isFalse();
        assertThat(ClipState.ASSEMBLING.terminal()).isFalse();
        assertThat(ClipState.CANCELLED.terminal()).isTrue();
    }

    @Test
    void aWorkerWithoutRecentHeartbeatIsLost() {
        Instant now = Instant.parse("2026-01-01T10:00:00Z");
        Duration timeout = Duration.ofSeconds(10);
        assertThat(WorkerStatus.of("UP", now.minusSeconds(3), now, timeout)).isEqualTo(WorkerStatus.UP);
        assertThat(WorkerStatus.of("DRAINING", now.minusSeconds(3), now, timeout))
                .isEqualTo(WorkerStatus.DRAINING);
        assertThat(WorkerStatus.of("UP", now.minusSeconds(11), now, timeout)).isEqualTo(WorkerStatus.LOST);
        assertThat(WorkerStatus.of("GONE", now.minusSeconds(60), now, timeout)).isEqualTo(WorkerStatus.GONE);
    }

    @Test
    void outputNamesNeverOverwrite() {
        assertThat(OutputNaming.firstFree("A001", "review", "mp4", n -> false)).isEqualTo("A001_review.mp4");
        List<String> taken = List.of("A001_review.mp4", "A001_review-1.mp4");
        assertThat(OutputNaming.firstFree("A001", "review", "mp4", taken::contains))
                .isEqualTo("A001_review-2.mp4");
        assertThat(OutputNaming.fileName("../../etc/A001", "review", "mp4", 0)).isEqualTo("_.._etc_A001_review.mp4");
        assertThat(OutputNaming.fileName("a\\b", "review", "mp4", 1)).isEqualTo("a_b_review-1.mp4");
    }
}
