package io.darkroom.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LogIdsTest {
    static final String JOB = "0f8e7d6c-5b4a-4938-8271-605f4e3d2c1b";
    static final String TASK = "11111111-2222-4333-8444-555555555555";

    @Test
    void findsTheJobAndTaskAMessageNames() {
        assertThat(LogIds.in("job " + JOB + " task " + TASK + ": promoted attempt 1 from worker-1"))
                .containsExactly(Map.entry("jobId", JOB), Map.entry("taskId", TASK));
        assertThat(LogIds.in("job " + JOB + ": assembled /out/a.mov")).containsExactly(Map.entry("jobId", JOB));
        assertThat(LogIds.in("slot 1: poll failed")).isEmpty();
        assertThat(LogIds.in("subjob " + JOB)).as("a whole word only").isEmpty();
        assertThat(LogIds.in(null)).isEmpty();
    }
}
