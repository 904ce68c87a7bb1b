package io.darkroom.worker.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.darkroom.contracts.FailureReason;
import io.darkroom.contracts.Json;
import io.darkroom.contracts.RenderTask;
import io.darkroom.contracts.SourceRef;
import io.darkroom.contracts.TaskEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskEventsTest {
    private static final RenderTask TASK = new RenderTask(
            RenderTask.SCHEMA,
            "t1",
            "j1",
            "c1",
            3,
            RenderTask.TaskKind.VIDEO_SEGMENT,
            new SourceRef("media", "a.mp4"),
            0,
            0,
            1000,
            1,
            25,
            1,
            0,
            List.of(RenderTask.RenderOutput.of("review", "h264-review", 424, 240)),
            new SourceRef("work", "x"),
            null,
            null,
            null,
            null,
            null);
    private final TaskEvents events =
            new TaskEvents(TASK, 2, "w1", Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

    @Test
    void aFailureIsReportedWithReasonAttemptAndDeliveryAndSurvivesTheWire() {
        TaskEvent e = events.report(new TaskOutcome.Failed(FailureReason.BAD_INPUT, "cannot decode a.mp4"));
        String json = Json.write(e);
        assertThat(json).contains("\"type\":\"failed\"");
        TaskEvent back = Json.read(json, TaskEvent.class);
        assertThat(back).isInstanceOf(TaskEvent.TaskFailed.class);
        TaskEvent.TaskFailed f = (TaskEvent.TaskFailed) back;
        assertThat(f.reason()).isEqualTo(FailureReason.BAD_INPUT);
        assertThat(f.message()).isEqualTo("cannot decode a.mp4");
        assertThat(f.jobId()).isEqualTo("j1");
        assertThat(f.attempt()).isEqualTo(3);
        assertThat(f.delivery()).isEqualTo(2);
        assertThat(f.workerId()).isEqualTo("w1");
    }

    @Test
    void doneCarriesTheFilesAndUnreportedOutcomesHaveNoEvent() {
        var file = new TaskEvent.SegmentFile(
                "review", new SourceRef("work", "x.review.a3-d2-w1.mp4"), 25, 1_000_000, 9, null);
        assertThat(events.report(new TaskOutcome.Rendered(List.of(file))))
                .isInstanceOfSatisfying(
                        TaskEvent.TaskDone.class, d -> assertThat(d.files()).containsExactly(file));
        assertThat(events.report(new TaskOutcome.Interrupted("stop"))).isNull();
        assertThat(events.report(new TaskOutcome.LockLost("gone"))).isNull();
        assertThat(events.started().eventId()).isNotEqualTo(events.started().eventId());
    }

    @Test
    void doneCarriesWhatRanEachOutputsUpscaleUnchangedOverTheWire() {
        var model = new TaskEvent.SegmentFile(
                "master", new SourceRef("work", "x.master.a3-d2-w1.mov"), 25, 1_000_000, 9, "CPUExecutionProvider");
        var lanczos = new TaskEvent.SegmentFile(
                "proxy", new SourceRef("work", "x.proxy.a3-d2-w1.mov"), 25, 1_000_000, 7, "java");
        var plain = new TaskEvent.SegmentFile(
                "review", new SourceRef("work", "x.review.a3-d2-w1.mp4"), 25, 1_000_000, 5, null);
        TaskEvent e = events.report(new TaskOutcome.Rendered(List.of(model, lanczos, plain)));
        String json = Json.write(e);
        assertThat(json).contains("\"upscaledBy\":\"CPUExecutionProvider\"").contains("\"upscaledBy\":\"java\"");
        TaskEvent back = Json.read(json, TaskEvent.class);
        assertThat(back).isInstanceOfSatisfying(TaskEvent.TaskDone.class, d -> {
            assertThat(d.files()).containsExactly(model, lanczos, plain);
            assertThat(d.files())
                    .extracting(TaskEvent.SegmentFile::upscaledBy)
                    .containsExactly("CPUExecutionProvider", "java", null);
        });
        assertThat(TaskEvents.upscaledBy(List.of(model, lanczos, plain)))
                .isEqualTo("master=CPUExecutionProvider, proxy=java");
        assertThat(TaskEvents.upscaledBy(List.of(plain))).isEmpty();
    }

    @Test
    void unreadableRecordsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> TaskParser.parse("not json")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TaskParser.parse(null)).hasMessageContaining("empty");
        assertThatThrownBy(() -> TaskParser.parse("{\"schema\":" + RenderTask.SCHEMA + ",\"jobId\":\"j\"}"))
                .hasMessageContaining("taskId");
        assertThat(TaskParser.parse(Json.write(TASK))).isEqualTo(TASK);
    }
}
