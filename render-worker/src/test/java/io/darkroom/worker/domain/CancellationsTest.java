package io.darkroom.worker.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.Json;
import io.darkroom.contracts.WorkerControl;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CancellationsTest {

    @Test
    void anEmptyTaskListCancelsEveryTaskOfTheJob() {
        Cancellations c = new Cancellations(10);
        c.remember("j1", List.of());
        assertThat(c.cancelled("j1", "any")).isTrue();
        assertThat(c.cancelled("j2", "any")).isFalse();
        c.remember("j1", List.of("t1"));
        assertThat(c.cancelled("j1", "other"))
                .as("a narrower message never narrows a whole-job cancel")
                .isTrue();
    }

    @Test
    void listedTasksOnlyAndTheyAccumulate() {
        Cancellations c = new Cancellations(10);
        c.remember("j1", List.of("t1"));
        c.remember("j1", List.of("t2"));
        assertThat(c.cancelled("j1", "t1")).isTrue();
        assertThat(c.cancelled("j1", "t2")).isTrue();
        assertThat(c.cancelled("j1", "t3")).isFalse();
    }

    @Test
    void theOldestJobsAreForgottenBeyondTheBound() {
        Cancellations c = new Cancellations(2);
        c.remember("j1", List.of());
        c.remember("j2", List.of());
        c.remember("j3", List.of());
        assertThat(c.size()).isEqualTo(2);
        assertThat(c.cancelled("j1", "t")).isFalse();
        assertThat(c.cancelled("j3", "t")).isTrue();
    }

    @Test
    void controlMessagesRoundTripWithTheirTypeName() {
        WorkerControl cancel = new WorkerControl.CancelTasks(
                "e1", Instant.parse("2026-01-01T00:00:00Z"), "j1", List.of("t1", "t2"), "cancelled by alice");
        String json = Json.write(cancel);
        assertThat(json).contains("\"type\":\"cancel-tasks\"");
        assertThat(Json.read(json, WorkerControl.class)).isEqualTo(cancel);
        WorkerControl drain = new WorkerControl.Drain("e2", Instant.parse("2026-01-01T00:00:00Z"), "w1");
        assertThat(Json.write(drain)).contains("\"type\":\"drain\"");
        assertThat(Json.read(Json.write(drain), WorkerControl.class)).isEqualTo(drain);
        assertThat(Json.read("{\"type\":\"undrain\",\"workerId\":\"w1\"}", WorkerControl.class))
                .isInstanceOf(WorkerControl.Undrain.class);
    }
}
