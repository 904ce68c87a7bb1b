package io.darkroom.worker.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.FailureReason;
import io.darkroom.contracts.RenderTask;
import io.darkroom.contracts.SourceRef;
import io.darkroom.contracts.TaskEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The worker's rule for no-op tasks: done with no files only where enabled, a final UNSUPPORTED failure otherwise. */
class NoopTasksTest {
    private static final RenderTask NOOP = new RenderTask(
            RenderTask.SCHEMA,
            "t1",
            "j1",
            "c1",
            1,
            RenderTask.TaskKind.NOOP,
            new SourceRef("work", "bench/noop"),
            7,
            0,
            0,
            0,
            25,
            1,
            0,
            List.of(),
            new SourceRef("work", "jobs/j1/c1/seg-00007"),
            null,
            null,
            null,
            null,
            null);
    private final TaskEvents events =
            new TaskEvents(NOOP, 1, "w1", Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

    @Test
    void aWorkerThatIsNotToldToRunsNoNoopTaskAndSaysWhyForGood() {
        TaskOutcome outcome = NoopTasks.run(NOOP, false);
        assertThat(outcome).isInstanceOfSatisfying(TaskOutcome.Failed.class, f -> {
            assertThat(f.reason()).isEqualTo(FailureReason.UNSUPPORTED);
            assertThat(f.reason().retryable()).as("no retry storm").isFalse();
            assertThat(f.message()).contains("task t1", "no-op", "darkroom.worker.noop-tasks is off");
        });
        assertThat(events.report(outcome))
                .isInstanceOfSatisfying(
                        TaskEvent.TaskFailed.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.UNSUPPORTED));
    }

    @Test
    void aWorkerToldToRunsThemReportsThemDoneWithNoFiles() {
        TaskOutcome outcome = NoopTasks.run(NOOP, true);
        assertThat(outcome).isInstanceOfSatisfying(TaskOutcome.Rendered.class, r -> assertThat(r.files())
                .isEmpty());
        assertThat(events.report(outcome)).isInstanceOfSatisfying(TaskEvent.TaskDone.class, d -> {
            assertThat(d.taskId()).isEqualTo("t1");
            assertThat(d.files()).isEmpty();
        });
    }
}
