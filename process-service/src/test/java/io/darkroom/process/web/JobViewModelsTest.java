package io.darkroom.process.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JobViewModelsTest {
    @Test
    void theJobCountReadsAsEnglish() {
        assertThat(new JobViewModels.Pager(1, 1, 1, null, null, null, null).totalLabel())
                .isEqualTo("1 job");
        assertThat(new JobViewModels.Pager(1, 1, 0, null, null, null, null).totalLabel())
                .isEqualTo("0 jobs");
        assertThat(new JobViewModels.Pager(1, 3, 120, null, null, null, null).totalLabel())
                .isEqualTo("120 jobs");
    }
}
