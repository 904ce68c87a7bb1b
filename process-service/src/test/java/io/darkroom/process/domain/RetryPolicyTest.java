package io.darkroom.process.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.darkroom.contracts.FailureReason;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofSeconds(30));

    @Test
    void retryableFailuresBackOffOneTwoFourSeconds() {
        assertThat(policy.decide(FailureReason.WORKER_LOST, 1))
                .isEqualTo(new RetryPolicy.Retry(2, Duration.ofSeconds(1)));
        assertThat(policy.decide(FailureReason.STORAGE, 2)).isEqualTo(new RetryPolicy.Retry(3, Duration.ofSeconds(2)));
        assertThat(policy.decide(FailureReason.INTERNAL, 3)).isEqualTo(new RetryPolicy.Retry(4, Duration.ofSeconds(4)));
    }

    @Test
    void theLastAttemptGivesUpAsExhausted() {
        assertThat(policy.decide(FailureReason.OUT_OF_MEMORY, 4)).isEqualTo(new RetryPolicy.GiveUp(true));
    }

    @Test
    void permanentReasonsNeverRetry() {
        assertThat(policy.decide(FailureReason.BAD_INPUT, 1)).isEqualTo(new RetryPolicy.GiveUp(false));
        assertThat(policy.decide(FailureReason.UNSUPPORTED, 1)).isEqualTo(new RetryPolicy.GiveUp(false));
    }

    @Test
    void backOffIsCapped() {
        assertThat(policy.delayAfter(10)).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.delayAfter(200)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void atLeastOneAttempt() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .hasMessageContaining("darkroom.dispatch.max-attempts");
    }
}
