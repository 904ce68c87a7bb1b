package io.darkroom.ingest.service;

import io.darkroom.contracts.Actor;
import io.darkroom.contracts.JobSubmitted;
import io.darkroom.ingest.config.IngestConfig;
import io.darkroom.ingest.domain.JobIds;
import io.darkroom.ingest.domain.JobRequest;
import io.darkroom.ingest.domain.JobRequestValidator;
import io.darkroom.ingest.domain.RequestHash;
import io.darkroom.ingest.domain.Validation;
import io.darkroom.recipe.Problem;
import io.darkroom.recipe.Violation;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Accepts a job: validate and probe, publish {@link JobSubmitted}, and answer only once the broker acknowledged. A
 * request under an Idempotency-Key is first checked against the job process-service stored under that key
 * ({@link StoredRequests}): the same request again is answered with the same job and not published twice, another
 * request under the same key is refused (409 IDEMPOTENCY_CONFLICT).
 */
@ApplicationScoped
public class JobSubmissionService {
    private static final Logger LOG = Logger.getLogger(JobSubmissionService.class);
    public static final int MAX_IDEMPOTENCY_KEY = 200;

    private final JobRequestValidator validator;
    private final JobPublisher publisher;
    private final IngestMetrics metrics;
    private final StoredRequests stored;
    private final String processUrl;
    private final Clock clock = Clock.systemUTC();

    public JobSubmissionService(
            JobRequestValidator validator,
            JobPublisher publisher,
            IngestMetrics metrics,
            StoredRequests stored,
            IngestConfig config) {
        this.validator = validator;
        this.publisher = publisher;
        this.metrics = metrics;
        this.stored = stored;
        this.processUrl = config.processUrl().replaceAll("/+$", "");
    }

    /** A submission without a caller's token (a watch folder's): a reused key is not checked before publishing. */
    public JobAccepted submit(JobRequest request, String idempotencyKey, Actor submitter) {
        return submit(request, idempotencyKey, submitter, null);
    }

    /**
     * Accepts a job submitted by {@code submitter} (the caller's token, or a watch folder's service identity). A
     * request that names its submitter itself ({@code submittedBy}) is refused (422): who submits is never a field.
     * {@code authorization} is the caller's Authorization header, with which a reused Idempotency-Key is checked at
     * process-service; null: not checked (process-service keeps the first request under a key either way).
     */
    public JobAccepted submit(JobRequest request, String idempotencyKey, Actor submitter, String authorization) {
        if (request != null && request.submittedBy() != null) {
            throw reject(Violation.of(
                    "submittedBy",
                    Problem.NOT_ACCEPTED,
                    "submittedBy is not accepted: the"
                            + " submitter is the signed-in caller (the token), never a field of the request."));
        }
        if (submitter == null) {
            throw new IllegalArgumentException("a submission needs an authenticated submitter");
        }
        return submit(
                request == null
                        ? null
                        : new JobRequest(
                                request.name(),
                                request.priority(),
                                request.pool(),
                                submitter.name(),
                                request.sources(),
                                request.recipe(),
                                request.destination()),
                idempotencyKey,
                submitter,
                authorization,
                true);
    }

    private JobAccepted submit(
            JobRequest request, String idempotencyKey, Actor submitter, String authorization, boolean checked) {
        if (request == null) {
            throw reject(
                    Violation.of(null, Problem.MALFORMED_JSON, "The request body is empty; send a JSON job request."));
        }
        String jobId = jobId(idempotencyKey, submitter);
        JobRequest job = request.withDefaults(jobId);
        Validation validation = validator.validate(job);
        if (!validation.ok()) {
            LOG.infof(
                    "job request %s rejected: %s",
                    jobId,
                    validation.violations().stream()
                            .map(v -> v.field() + " " + v.problem())
                            .collect(Collectors.joining(", ")));
            throw reject(validation.violations());
        }
        String requestSha256 = RequestHash.of(job);
        if (idempotencyKey != null && authorization != null && alreadyStored(jobId, requestSha256, authorization)) {
            metrics.accepted();
            LOG.infof(
                    "job %s: the same request again under its Idempotency-Key, by %s; not published again",
                    jobId, submitter);
            return new JobAccepted(
                    jobId, processUrl + "/jobs/" + jobId, validation.sources().size());
        }
        java.time.Instant now = clock.instant();
        // {date} burn-ins: the calendar date where ingest runs (the set's / facility's day), fixed once per job
        JobSubmitted message = new JobSubmitted(
                JobSubmitted.SCHEMA,
                jobId,
                job.name(),
                job.priority(),
                job.pool(),
                job.recipe(),
                validation.sources(),
                job.destination(),
                job.submittedBy(),
                now,
                java.time.LocalDate.ofInstant(now, java.time.ZoneId.systemDefault()),
                submitter,
                requestSha256);
        try {
            publisher.publish(message);
        } catch (JobPublishException e) {
            metrics.unavailable();
            LOG.errorf("job %s not accepted: %s", jobId, e.getMessage());
            throw e;
        }
        metrics.accepted();
        LOG.infof(
                "job %s accepted: '%s', %d clip(s), pool %s, priority %d, by %s%s",
                jobId,
                job.name(),
                message.sources().size(),
                job.pool(),
                job.priority(),
                submitter,
                idempotencyKey == null ? "" : " (idempotency key given)");
        return new JobAccepted(
                jobId, processUrl + "/jobs/" + jobId, message.sources().size());
    }

    /**
     * Whether process-service already stored this very request under the key (true: answer with it, publish nothing);
     * false when nothing is stored, or process-service cannot tell (then the consumer keeps the first request).
     *
     * @throws JobRejectedException IDEMPOTENCY_CONFLICT when the key was used for another request
     */
    private boolean alreadyStored(String jobId, String requestSha256, String authorization) {
        StoredRequests.Stored found = stored.find(jobId, authorization);
        if (!(found instanceof StoredRequests.Found f)) {
            return false;
        }
        if (f.requestSha256() == null || f.requestSha256().equals(requestSha256)) {
            return true;
        }
        LOG.infof(
                "job %s: Idempotency-Key reused for another request (stored sha256 %s, this one %s); refused",
                jobId, f.requestSha256(), requestSha256);
        throw reject(Violation.of(
                "Idempotency-Key",
                Problem.IDEMPOTENCY_CONFLICT,
                "This Idempotency-Key was already used for a different request: job " + jobId
                        + " was submitted with another body under it. Send the same request again to get that job, or"
                        + " use a new key for a new job."));
    }

    private String jobId(String idempotencyKey, Actor submitter) {
        if (idempotencyKey == null) {
            return JobIds.random();
        }
        if (idempotencyKey.isBlank()
                || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY
                || idempotencyKey.chars().anyMatch(Character::isISOControl)) {
            throw reject(Violation.of(
                    "Idempotency-Key",
                    Problem.INVALID_HEADER,
                    "The Idempotency-Key header must be given once, as 1 to " + MAX_IDEMPOTENCY_KEY
                            + " characters, not blank."));
        }
        return JobIds.forIdempotencyKey(submitter, idempotencyKey);
    }

    private JobRejectedException reject(Violation v) {
        return reject(List.of(v));
    }

    private JobRejectedException reject(List<Violation> violations) {
        metrics.rejected(violations);
        return new JobRejectedException(violations);
    }
}
