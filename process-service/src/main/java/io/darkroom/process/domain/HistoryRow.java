package io.darkroom.process.domain;

import io.darkroom.contracts.JobState;
import java.time.Instant;
import java.util.UUID;

/** One job state change: a history row and, once published, a JobEvent with the same event id. */
public record HistoryRow(long id, UUID jobId, UUID eventId, Instant at, JobState from, JobState to, String reason) {}
