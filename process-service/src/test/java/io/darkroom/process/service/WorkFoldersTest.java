package io.darkroom.process.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.JobState;
import io.darkroom.process.domain.JobRow;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Which ended jobs' work folders the sweep may remove, and from when. */
class WorkFoldersTest {
    private static final Instant NOW = Instant.parse("2026-12-05T01:00:00Z");
    private static final Duration DELAY = Duration.ofSeconds(15);

    @ParameterizedTest
    @EnumSource(
            value = JobState.class,
            names = {"SUCCEEDED", "CANCELLED"})
    void overJobsGoOnceTheDelayHasPassed(JobState state) {
        assertThat(WorkFolders.done(job(state, NOW.minusSeconds(15)), NOW, DELAY))
                .isTrue();
        assertThat(WorkFolders.done(job(state, NOW.minusSeconds(14)), NOW, DELAY))
                .as("workers may still be cleaning up")
                .isFalse();
    }

    @ParameterizedTest
    @EnumSource(
            value = JobState.class,
            names = {"SUCCEEDED", "CANCELLED"},
            mode = EnumSource.Mode.EXCLUDE)
    void everyOtherStateKeepsItsFolder(JobState state) {
        assertThat(WorkFolders.done(job(state, NOW.minus(Duration.ofDays(30))), NOW, DELAY))
                .as("%s: a retry (FAILED, PARTIAL) or the job itself still needs it", state)
                .isFalse();
    }

    private static JobRow job(JobState state, Instant updatedAt) {
        return new JobRow(UUID.randomUUID(), "j", state, 50, "cpu", null, null, "it", updatedAt, updatedAt, 0, null);
    }
}
