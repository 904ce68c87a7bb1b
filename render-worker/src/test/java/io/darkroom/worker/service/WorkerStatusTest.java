package io.darkroom.worker.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.Json;
import io.darkroom.contracts.WorkerHeartbeat;
import io.darkroom.contracts.WorkerHeartbeat.PoolSlots;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerStatusTest {

    @Test
    void reportsSlotsAndBusyPerServedPool() {
        WorkerStatus status = new WorkerStatus();
        status.expectSlots(3);
        status.expectPools("gpu", List.of("gpu", "cpu"), 2);
        assertThat(status.poolSlots()).containsExactly(new PoolSlots("gpu", 3, 0), new PoolSlots("cpu", 2, 0));

        status.taskStarted(0, "t-gpu", "gpu");
        status.taskStarted(1, "t-cpu", "cpu");
        assertThat(status.busy()).isEqualTo(2);
        assertThat(status.poolSlots()).containsExactly(new PoolSlots("gpu", 3, 1), new PoolSlots("cpu", 2, 1));

        status.taskEnded(1);
        assertThat(status.poolSlots()).containsExactly(new PoolSlots("gpu", 3, 1), new PoolSlots("cpu", 2, 0));
        assertThat(status.currentTasks()).containsExactly("t-gpu");
    }

    @Test
    void atMostAlsoSlotsSlotsTakeAlsoPoolWork() {
        WorkerStatus status = new WorkerStatus();
        status.expectSlots(4);
        status.expectPools("gpu", List.of("gpu", "cpu"), 2);
        assertThat(status.tryTakeExtra()).isTrue();
        assertThat(status.tryTakeExtra()).isTrue();
        assertThat(status.tryTakeExtra()).isFalse();
        status.extraReleased();
        assertThat(status.tryTakeExtra()).isTrue();

        WorkerStatus plain = new WorkerStatus();
        plain.expectSlots(1);
        plain.expectPools("cpu", List.of("cpu"), 0);
        assertThat(plain.tryTakeExtra()).isFalse();
        assertThat(plain.poolSlots()).containsExactly(new PoolSlots("cpu", 1, 0));
    }

    @Test
    void heartbeatJsonStaysReadableBothWays() {
        WorkerHeartbeat hb = new WorkerHeartbeat(
                "w1",
                "h",
                "gpu",
                2,
                1,
                WorkerHeartbeat.WorkerState.UP,
                new WorkerHeartbeat.Capabilities(
                        List.of("libx264"),
                        "NVIDIA L4, 23034 MiB",
                        8,
                        List.of(new WorkerHeartbeat.Gpu("NVIDIA L4", 23034L))),
                List.of("t"),
                Instant.parse("2024-01-01T00:00:00Z"),
                List.of(new PoolSlots("gpu", 2, 1), new PoolSlots("cpu", 1, 0)));
        assertThat(Json.read(Json.write(hb), WorkerHeartbeat.class)).isEqualTo(hb);

        // a heartbeat of an older worker (no pools, no gpus) still reads, with those fields null
        String old = "{\"workerId\":\"w0\",\"host\":\"h\",\"pool\":\"cpu\",\"slots\":1,\"busy\":0,\"state\":\"UP\","
                + "\"capabilities\":{\"encoders\":[\"ffv1\"],\"cpus\":2},\"currentTasks\":[],"
                + "\"time\":\"2024-01-01T00:00:00Z\"}";
        WorkerHeartbeat read = Json.read(old, WorkerHeartbeat.class);
        assertThat(read.pools()).isNull();
        assertThat(read.capabilities().gpus()).isNull();
        assertThat(read.slots()).isEqualTo(1);
    }
}
