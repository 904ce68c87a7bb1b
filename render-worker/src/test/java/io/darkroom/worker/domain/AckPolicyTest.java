package io.darkroom.worker.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.FailureReason;
import io.darkroom.worker.domain.AckPolicy.Ack;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AckPolicyTest {

    @Test
    void aRenderedTaskIsAcceptedOnlyOnceItsDoneEventWasAcknowledged() {
        TaskOutcome done = new TaskOutcome.Rendered(List.of());
        assertThat(AckPolicy.decide(done, true)).isEqualTo(Ack.ACCEPT);
        assertThat(AckPolicy.decide(done, false)).isEqualTo(Ack.RELEASE);
        assertThat(AckPolicy.reported(done)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(FailureReason.class)
    void everyFailureIsAcceptedAfterItsReport_processServiceDecidesOnRetries(FailureReason reason) {
        TaskOutcome failed = new TaskOutcome.Failed(reason, "x");
        assertThat(AckPolicy.decide(failed, true)).isEqualTo(Ack.ACCEPT);
        assertThat(AckPolicy.decide(failed, false)).isEqualTo(Ack.RELEASE);
        assertThat(AckPolicy.reported(failed)).isTrue();
    }

    @Test
    void shutdownReleasesLostLockSendsNothingUnreadableRejects() {
        assertThat(AckPolicy.decide(new TaskOutcome.Interrupted("stop"), false)).isEqualTo(Ack.RELEASE);
        assertThat(AckPolicy.reported(new TaskOutcome.Interrupted("stop"))).isFalse();
        assertThat(AckPolicy.decide(new TaskOutcome.LockLost("gone"), true)).isEqualTo(Ack.NONE);
        assertThat(AckPolicy.reported(new TaskOutcome.LockLost("gone"))).isFalse();
        assertThat(AckPolicy.unreadable()).isEqualTo(Ack.REJECT);
    }

    @Test
    void aCancelledTaskIsReportedAndAcceptedEvenWhenTheReportWasNotAcknowledged() {
        TaskOutcome cancelled = new TaskOutcome.Cancelled("cancelled by alice");
        assertThat(AckPolicy.decide(cancelled, true)).isEqualTo(Ack.ACCEPT);
        assertThat(AckPolicy.decide(cancelled, false)).isEqualTo(Ack.ACCEPT);
        assertThat(AckPolicy.reported(cancelled)).isTrue();
    }
}
