package io.darkroom.process.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DispatchOrderTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final UUID OLD = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final UUID NEW = UUID.fromString("00000000-0000-0000-0000-00000000000b");
    private static final UUID URGENT = UUID.fromString("00000000-0000-0000-0000-00000000000c");

    private static List<DispatchCandidate> pending(UUID job, int priority, Instant submitted, int inFlight, int n) {
        List<DispatchCandidate> list = new ArrayList<>();
        for (int rank = 1; rank <= n; rank++) {
            list.add(new DispatchCandidate(
                    UUID.nameUUIDFromBytes((job + ":" + rank).getBytes()), job, priority, submitted, inFlight, rank));
        }
        return list;
    }

    private static List<String> labels(List<DispatchCandidate> chosen) {
        return chosen.stream()
                .map(c -> (c.jobId().equals(OLD) ? "old" : c.jobId().equals(NEW) ? "new" : "urgent") + c.rankInJob())
                .toList();
    }

    @Test
    void higherPriorityTakesEverySlotFirst() {
        List<DispatchCandidate> all = new ArrayList<>(pending(OLD, 0, T0, 0, 5));
        all.addAll(pending(URGENT, 10, T0.plusSeconds(600), 0, 3));
        assertThat(labels(DispatchOrder.select(all, 4))).containsExactly("urgent1", "urgent2", "urgent3", "old1");
    }

    @Test
    void equalPriorityJobsShareSlotsRoundRobinOlderFirst() {
        List<DispatchCandidate> all = new ArrayList<>(pending(NEW, 0, T0.plusSeconds(60), 0, 4));
        all.addAll(pending(OLD, 0, T0, 0, 4));
        assertThat(labels(DispatchOrder.select(all, 5))).containsExactly("old1", "new1", "old2", "new2", "old3");
    }

    @Test
    void aJobAlreadyHoldingSlotsWaitsForTheOthersToCatchUp() {
        List<DispatchCandidate> all = new ArrayList<>(pending(OLD, 0, T0, 3, 4));
        all.addAll(pending(NEW, 0, T0.plusSeconds(60), 0, 4));
        // old holds 3 slots: new gets its first three before old gets a fourth
        assertThat(labels(DispatchOrder.select(all, 4))).containsExactly("new1", "new2", "new3", "old1");
    }

    @Test
    void ageBreaksTiesBetweenJobsOfEqualTurn() {
        List<DispatchCandidate> all = new ArrayList<>(pending(NEW, 0, T0.plusSeconds(1), 0, 1));
        all.addAll(pending(OLD, 0, T0, 0, 1));
        assertThat(labels(DispatchOrder.select(all, 1))).containsExactly("old1");
    }

    @Test
    void noFreeSlotsSelectsNothing() {
        assertThat(DispatchOrder.select(pending(OLD, 0, T0, 0, 3), 0)).isEmpty();
        assertThat(DispatchOrder.select(pending(OLD, 0, T0, 0, 3), -2)).isEmpty();
        assertThat(DispatchOrder.select(pending(OLD, 0, T0, 0, 3), 10)).hasSize(3);
    }
}
