package io.darkroom.process.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.process.domain.PoolCapacity.Worker;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PoolCapacityTest {
    private static final Worker GPU_ALSO_CPU = new Worker("gpu", 2, Map.of("cpu", 2L));

    @Test
    void ownPoolOnlyIsFreeSlotsMinusPublished() {
        PoolCapacity c = new PoolCapacity(
                List.of(new Worker("cpu", 3, Map.of()), new Worker("cpu", 1, Map.of())),
                Map.of("cpu", 1L),
                Map.of("cpu", 10L));
        assertThat(c.free("cpu")).isEqualTo(3);
        assertThat(c.free("gpu")).isZero();
        assertThat(c.served("gpu")).isFalse();
    }

    @Test
    void idleGpuWorkerLendsItsSlotsToCpu() {
        PoolCapacity c = new PoolCapacity(List.of(GPU_ALSO_CPU), Map.of(), Map.of("cpu", 4L));
        assertThat(c.free("cpu")).isEqualTo(2);
        assertThat(c.served("cpu")).isTrue();
        // once published, the lent slots are taken: neither pool may publish more
        PoolCapacity after = new PoolCapacity(List.of(GPU_ALSO_CPU), Map.of("cpu", 2L), Map.of("cpu", 2L));
        assertThat(after.free("cpu")).isZero();
        assertThat(after.free("gpu")).isZero();
        // gpu work waiting as well: still nothing for gpu (its slots hold cpu tasks), and cpu is over its room
        PoolCapacity both = new PoolCapacity(List.of(GPU_ALSO_CPU), Map.of("cpu", 2L), Map.of("cpu", 2L, "gpu", 3L));
        assertThat(both.free("gpu")).isZero();
        assertThat(both.free("cpu")).isEqualTo(-2);
    }

    @Test
    void gpuWorkComesFirstOnGpuWorkers() {
        PoolCapacity c = new PoolCapacity(List.of(GPU_ALSO_CPU), Map.of(), Map.of("cpu", 4L, "gpu", 1L));
        assertThat(c.free("gpu")).isEqualTo(2);
        assertThat(c.free("cpu")).isEqualTo(1); // one slot is left for the one pending gpu task
        PoolCapacity busy = new PoolCapacity(List.of(GPU_ALSO_CPU), Map.of(), Map.of("cpu", 4L, "gpu", 5L));
        assertThat(busy.free("cpu")).isZero();
    }

    @Test
    void lendingIsCappedByAlsoSlotsAndFreeSlots() {
        PoolCapacity c = new PoolCapacity(
                List.of(
                        new Worker("gpu", 4, Map.of("cpu", 1L)),
                        new Worker("gpu", 0, Map.of("cpu", 2L)),
                        new Worker("cpu", 1, Map.of())),
                Map.of(),
                Map.of("cpu", 9L));
        assertThat(c.free("cpu")).isEqualTo(2); // 1 own + 1 lent (the other gpu worker has no free slot)
        assertThat(c.free("gpu")).isEqualTo(4);
    }

    @Test
    void cpuOverflowIsChargedToTheLenderOnly() {
        // cpu has 1 own free slot and 3 published tasks: 2 of them sit on the gpu worker's slots
        PoolCapacity c = new PoolCapacity(
                List.of(new Worker("cpu", 1, Map.of()), new Worker("gpu", 3, Map.of("cpu", 3L))),
                Map.of("cpu", 3L),
                Map.of("gpu", 5L));
        assertThat(c.free("gpu")).isEqualTo(1);
        assertThat(c.free("cpu")).isEqualTo(-2); // the gpu pool wants its slots back: nothing more for cpu
    }

    @Test
    void neverLendsAPoolItsOwnSlots() {
        PoolCapacity c = new PoolCapacity(List.of(new Worker("cpu", 2, Map.of())), Map.of("cpu", 5L), Map.of());
        assertThat(c.free("cpu")).isEqualTo(-3);
    }

    @Test
    void lookaheadIsPerOwnWorkerBusyOrNotAndNoneWithoutWorkers() {
        PoolCapacity c = new PoolCapacity(
                List.of(new Worker("cpu", 0, Map.of()), new Worker("cpu", 1, Map.of()), GPU_ALSO_CPU),
                Map.of(),
                Map.of("cpu", 9L));
        assertThat(c.lookahead("cpu", 1)).isEqualTo(2); // two cpu workers, one of them busy
        assertThat(c.lookahead("cpu", 2)).isEqualTo(4);
        assertThat(c.lookahead("cpu", 0)).isZero();
        assertThat(c.lookahead("gpu", 1)).isEqualTo(1);
        // served only by a lending worker: one
        assertThat(new PoolCapacity(List.of(GPU_ALSO_CPU), Map.of(), Map.of()).lookahead("cpu", 1))
                .isEqualTo(1);
        assertThat(c.lookahead("tape", 1)).isZero();
    }
}
