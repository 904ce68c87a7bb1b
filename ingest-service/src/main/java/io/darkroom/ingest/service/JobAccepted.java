package io.darkroom.ingest.service;

/**
 * What {@code POST /jobs} answers with 202.
 *
 * @param jobId     the job's id (the same for the same Idempotency-Key)
 * @param statusUrl where process-service reports the job's state
 * @param clips     number of sources accepted, one clip each
 */
public record JobAccepted(String jobId, String statusUrl, int clips) {}
