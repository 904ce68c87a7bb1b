package io.darkroom.contracts;

import java.time.Instant;

/** A job state change, published by process-service on {@code darkroom.jobs.events}, key = jobId. */
public record JobEvent(String eventId, Instant time, String jobId, JobState state, JobState previous, String reason) {}
