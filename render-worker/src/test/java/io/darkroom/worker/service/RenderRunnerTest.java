package io.darkroom.worker.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.FailureReason;
import io.darkroom.contracts.RenderTask;
import io.darkroom.contracts.SourceRef;
import io.darkroom.render.RenderContext;
import io.darkroom.render.RenderException;
import io.darkroom.worker.domain.TaskOutcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class RenderRunnerTest {
    private static final RenderTask TASK = new RenderTask(
            RenderTask.SCHEMA,
            "t1",
            "j1",
            "c1",
            1,
            RenderTask.TaskKind.VIDEO_SEGMENT,
            new SourceRef("media", "a.mp4"),
            0,
            0,
            1000,
            1,
            25,
            1,
            0,
            List.of(),
            new SourceRef("work", "x"),
            null,
            null,
            null,
            null,
            null);

    @Test
    void classifiedFailuresKeepTheirReasonAndMessage() {
        TaskOutcome o = RenderRunner.render(
                (t, c) -> {
                    throw new RenderException(FailureReason.UNSUPPORTED, "no decoder for a.mp4");
                },
                TASK,
                ctx(false));
        assertThat(o).isEqualTo(new TaskOutcome.Failed(FailureReason.UNSUPPORTED, "no decoder for a.mp4"));
    }

    @Test
    void aRenderStoppedByCancellationIsInterruptedNotFailed() {
        TaskOutcome o = RenderRunner.render(
                (t, c) -> {
                    throw new RenderException(FailureReason.INTERNAL, "cancelled");
                },
                TASK,
                ctx(true));
        assertThat(o).isInstanceOf(TaskOutcome.Interrupted.class);
    }

    @Test
    void unexpectedExceptionsAreInternalAndNameTheTask() {
        TaskOutcome o = RenderRunner.render(
                (t, c) -> {
                    throw new IllegalStateException("boom");
                },
                TASK,
                ctx(false));
        assertThat(o).isInstanceOfSatisfying(TaskOutcome.Failed.class, f -> {
            assertThat(f.reason()).isEqualTo(FailureReason.INTERNAL);
            assertThat(f.message()).contains("task t1").contains("boom");
        });
    }

    @Test
    void outOfMemoryIsRetryableOutOfMemory() {
        TaskOutcome o = RenderRunner.render(
                (t, c) -> {
                    throw new OutOfMemoryError("heap");
                },
                TASK,
                ctx(false));
        assertThat(o).isInstanceOfSatisfying(TaskOutcome.Failed.class, f -> assertThat(f.reason())
                .isEqualTo(FailureReason.OUT_OF_MEMORY));
    }

    private static RenderContext ctx(boolean cancelled) {
        return new RenderContext("w1", 1, null, () -> cancelled);
    }
}
