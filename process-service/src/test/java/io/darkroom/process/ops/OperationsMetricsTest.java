package io.darkroom.process.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The failure reason a retry or failure is counted under, read from the task's reason text. */
class OperationsMetricsTest {
    @Test
    void theReasonIsTheFailureReasonNamedInTheText() {
        assertThat(OperationsMetrics.reason("attempt 2 failed: WORKER_LOST: lock expired"))
                .isEqualTo("WORKER_LOST");
        assertThat(OperationsMetrics.reason(
                        "clip A001 (source media:a.mov): BAD_INPUT: corrupt (worker w, task t," + " attempt 1)"))
                .isEqualTo("BAD_INPUT");
        assertThat(OperationsMetrics.reason("QC FAILED: OUT_OF_MEMORY: heap"))
                .as("first word that is a reason")
                .isEqualTo("OUT_OF_MEMORY");
        assertThat(OperationsMetrics.reason("no reason here")).isEqualTo("INTERNAL");
        assertThat(OperationsMetrics.reason(null)).isEqualTo("INTERNAL");
    }
}
