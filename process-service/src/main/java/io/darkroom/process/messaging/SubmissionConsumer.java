package io.darkroom.process.messaging;

import io.darkroom.contracts.JobSubmitted;
import io.darkroom.contracts.Json;
import io.darkroom.contracts.Wire;
import io.darkroom.observability.Tracing;
import io.darkroom.process.ops.JobTraces;
import io.darkroom.process.service.SubmissionService;
import io.opentelemetry.api.trace.SpanKind;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes darkroom.jobs.submitted (key jobId). Commit strategy throttled; a record that cannot be handled goes to
 * the dead-letter topic darkroom.jobs.submitted.dlq (never dropped silently). Idempotent by jobId.
 */
@ApplicationScoped
public class SubmissionConsumer {
    private static final Logger LOG = Logger.getLogger(SubmissionConsumer.class);

    private final SubmissionService submissions;

    @jakarta.inject.Inject
    Tracing tracing;

    @jakarta.inject.Inject
    JobTraces traces;

    public SubmissionConsumer(SubmissionService submissions) {
        this.submissions = submissions;
    }

    @Incoming(Channels.JOBS_SUBMITTED)
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            throw new IllegalArgumentException("empty JobSubmitted record, key " + record.key());
        }
        JobSubmitted submitted = Json.read(record.value(), JobSubmitted.class);
        if (!Wire.readable(submitted.schema(), JobSubmitted.SCHEMA)) {
            LOG.warnf(
                    "job %s: JobSubmitted schema %d, this planner reads %d and %d; reading it anyway",
                    submitted.jobId(), submitted.schema(), JobSubmitted.SCHEMA - 1, JobSubmitted.SCHEMA);
        }
        try (Tracing.Traced span =
                tracing.span("plan", SpanKind.CONSUMER, tracing.extract(record.headers()), submitted.jobId(), null)) {
            traces.remember(submitted.jobId(), span.context());
            Retrying.run("job " + submitted.jobId(), () -> submissions.accept(submitted));
        }
    }
}
