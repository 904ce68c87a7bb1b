package io.darkroom.ingest.service;

/** The broker did not acknowledge a job: the job was not accepted and the client should retry. */
public final class JobPublishException extends RuntimeException {
    private final String jobId;

    public JobPublishException(String jobId, String message, Throwable cause) {
        super(message, cause);
        this.jobId = jobId;
    }

    public String jobId() {
        return jobId;
    }
}
