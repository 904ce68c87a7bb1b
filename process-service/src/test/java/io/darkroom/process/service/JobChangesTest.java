package io.darkroom.process.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JobChangesTest {
    private final JobChanges changes = new JobChanges();

    @Test
    void aChangeWakesEveryWaiterOfThatJobAndNoOther() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        JobChanges.Waiter a1 = changes.next(a);
        JobChanges.Waiter a2 = changes.next(a);
        JobChanges.Waiter b1 = changes.next(b);
        assertThat(changes.waiting()).isEqualTo(3);
        assertThat(changes.waiting(a)).isEqualTo(2);

        changes.changed(a);

        assertThat(a1.woken()).isDone();
        assertThat(a2.woken()).isDone();
        assertThat(b1.woken()).isNotDone();
        assertThat(changes.waiting(a)).isZero();
        // woken waiters count until they are forgotten
        assertThat(changes.waiting()).isEqualTo(3);
        changes.forget(a, a1);
        changes.forget(a, a2);
        assertThat(changes.waiting()).isEqualTo(1);
    }

    @Test
    void aWaiterThatTimedOutIsForgottenOnceAndALaterChangeFindsNobody() {
        UUID a = UUID.randomUUID();
        JobChanges.Waiter w = changes.next(a);
        changes.forget(a, w);
        changes.forget(a, w);
        assertThat(changes.waiting()).isZero();
        assertThat(changes.waiting(a)).isZero();
        changes.changed(a);
        assertThat(w.woken()).isNotDone();
        // a waiter registered after a change waits for the next one
        JobChanges.Waiter later = changes.next(a);
        assertThat(later.woken()).isNotDone();
        changes.changed(a);
        assertThat(later.woken()).isDone();
    }

    @Test
    void beyondTheLimitNobodyWaits() {
        UUID a = UUID.randomUUID();
        List<JobChanges.Waiter> all = new ArrayList<>();
        for (int i = 0; i < JobChanges.MAX_WAITERS; i++) {
            all.add(changes.next(a));
        }
        assertThat(all).doesNotContainNull();
        assertThat(changes.next(UUID.randomUUID())).isNull();
        assertThat(changes.waiting()).isEqualTo(JobChanges.MAX_WAITERS);
        changes.forget(a, all.get(0));
        assertThat(changes.next(a)).isNotNull();
    }
}
