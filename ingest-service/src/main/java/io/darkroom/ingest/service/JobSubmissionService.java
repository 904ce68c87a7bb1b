package io.darkroom.ingest.service;

import io.darkroom.contracts.Actor;
import io.darkroom.contracts.JobSubmitted;
import io.darkroom.ingest.config.IngestConfig;
import io.darkroom.ingest.domain.JobIds;
import io.darkroom.ingest.domain.JobRequest;
import io.darkroom.ingest.domain.JobRequestValidator;
import io.darkroom.ingest.domain.Validation;
import io.darkroom.recipe.Problem;
import io.darkroom.recipe.Violation;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/** Accepts a job: validate and probe, publish {@link JobSubmitted}, and answer only once the broker acknowledged. */
@ApplicationScoped
public class JobSubmissionService {
    private static final Logger LOG = Logger.getLogger(JobSubmissionService.class);
    public static final int MAX_IDEMPOTENCY_KEY = 200;

    private final JobRequestValidator validator;
    private final JobPublisher publisher;
    private final IngestMetrics metrics;
    private final String processUrl;
    private final Clock clock = Clock.systemUTC();

    public JobSubmissionService(
            JobRequestValidator validator, JobPublisher publisher, IngestMetrics metrics, IngestConfig config) {
        this.validator = validator;
        this.publisher = publisher;
        this.metrics = metrics;
        this.processUrl = config.processUrl().replaceAll("/+$", "");
    }

    /**
     * Accepts a job submitted by {@code submitter} (the caller's token, or a watch folder's service identity). A
     * request that names its submitter itself ({@code submittedBy}) is refused (422): who submits is never a field.
     */
    public JobAccepted submit(JobRequest request, String idempotencyKey, Actor submitter) {
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
                true);
    }

    private JobAccepted submit(JobRequest request, String idempotencyKey, Actor submitter, boolean checked) {
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
                submitter);
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
