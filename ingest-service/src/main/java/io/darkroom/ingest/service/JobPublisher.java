package io.darkroom.ingest.service;

import io.darkroom.contracts.JobSubmitted;

/** Hands an accepted job to the pipeline. Returns only once the broker acknowledged it. */
public interface JobPublisher {

    /** @throws JobPublishException when the broker did not acknowledge the job in time */
    void publish(JobSubmitted job);
}
