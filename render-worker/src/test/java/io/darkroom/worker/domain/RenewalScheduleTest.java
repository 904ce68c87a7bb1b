package io.darkroom.worker.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RenewalScheduleTest {
    private static final long S = 1_000_000_000L;

    @Test
    void renewsEveryThirdOfTheLock() {
        RenewalSchedule s = new RenewalSchedule(Duration.ofSeconds(15), 100 * S);
        assertThat(s.interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.due(104 * S)).isFalse();
        assertThat(s.nanosUntilDue(104 * S)).isEqualTo(S);
        assertThat(s.due(105 * S)).isTrue();
        assertThat(s.nanosUntilDue(106 * S)).isZero();
    }

    @Test
    void aConfirmedRenewalPushesTheNextOneAFullIntervalOut() {
        RenewalSchedule s = new RenewalSchedule(Duration.ofSeconds(15), 0);
        s.renewed(7 * S);
        assertThat(s.due(11 * S)).isFalse();
        assertThat(s.due(12 * S)).isTrue();
    }

    @Test
    void worksAcrossNanoTimeOverflow() {
        long start = Long.MAX_VALUE - S;
        RenewalSchedule s = new RenewalSchedule(Duration.ofSeconds(3), start);
        assertThat(s.due(start + S / 2)).isFalse();
        assertThat(s.due(start + S)).isTrue();
    }

    @Test
    void refusesANonPositiveLock() {
        assertThatThrownBy(() -> new RenewalSchedule(Duration.ZERO, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
