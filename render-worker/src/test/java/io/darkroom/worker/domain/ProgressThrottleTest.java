package io.darkroom.worker.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressThrottleTest {
    private static final long MS = 1_000_000L;

    @Test
    void letsTheFirstThroughThenAtMostOncePerInterval() {
        ProgressThrottle t = new ProgressThrottle(Duration.ofSeconds(1));
        assertThat(t.tryAcquire(0)).isTrue();
        assertThat(t.tryAcquire(500 * MS)).isFalse();
        assertThat(t.tryAcquire(999 * MS)).isFalse();
        assertThat(t.tryAcquire(1000 * MS)).isTrue();
        assertThat(t.tryAcquire(1500 * MS)).isFalse();
        assertThat(t.tryAcquire(2100 * MS)).isTrue();
    }
}
