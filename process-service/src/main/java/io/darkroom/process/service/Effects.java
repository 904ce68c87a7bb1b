package io.darkroom.process.service;

import io.darkroom.process.domain.HistoryRow;
import io.darkroom.process.messaging.JobEventSender;
import io.darkroom.process.messaging.TaskPublisher;
import io.darkroom.process.persistence.Database;
import io.darkroom.process.persistence.JobRepository;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Runs what a committed transaction decided (see {@link AfterCommit}). Job events use job_history as an outbox: a
 * row is marked published once the broker acknowledged its JobEvent, and a relay re-sends rows left unpublished (a
 * failed send or a crash between commit and send). Consumers dedup JobEvents by eventId.
 */
@ApplicationScoped
public class Effects {
    private static final Logger LOG = Logger.getLogger(Effects.class);

    private final Database db;
    private final JobRepository jobs;
    private final JobEventSender sender;
    private final TaskPublisher tasks;
    private final AssemblyService assembly;
    private final JobArtifactsService artifacts;
    private final ApprovalService approvals;
    private final JobChanges changes;

    public Effects(
            Database db,
            JobRepository jobs,
            JobEventSender sender,
            TaskPublisher tasks,
            AssemblyService assembly,
            JobArtifactsService artifacts,
            ApprovalService approvals,
            JobChanges changes) {
        this.changes = changes;
        this.artifacts = artifacts;
        this.approvals = approvals;
        this.db = db;
        this.jobs = jobs;
        this.sender = sender;
        this.tasks = tasks;
        this.assembly = assembly;
    }

    public void run(AfterCommit effects) {
        // the catalog has the new states: requests waiting for them answer now, before the events' sends
        effects.jobEvents.forEach(row -> changes.changed(row.jobId()));
        effects.jobEvents.forEach(this::publish);
        for (AfterCommit.DeadLetter d : effects.deadLetters) {
            try {
                tasks.deadLetter(d.pool(), d.task(), d.reason(), d.message());
                LOG.infof(
                        "job %s task %s: sent to the dead-letter topic (%s)",
                        d.task().jobId(), d.task().taskId(), d.reason());
            } catch (RuntimeException e) {
                LOG.errorf(
                        "job %s task %s: dead-letter send failed: %s",
                        d.task().jobId(), d.task().taskId(), e.getMessage());
            }
        }
        effects.clipsToAssemble.forEach(assembly::submit);
        effects.jobsToFinish.forEach(artifacts::submit);
        effects.previews.forEach(approvals::submit);
    }

    /** Publishes one job event and marks its history row; a failure is left to the relay. */
    void publish(HistoryRow row) {
        try {
            sender.send(row);
            db.tx(c -> {
                jobs.markPublished(c, row.id());
                return null;
            });
            LOG.infof(
                    "job %s: %s -> %s%s",
                    row.jobId(), row.from(), row.to(), row.reason() == null ? "" : " (" + row.reason() + ")");
        } catch (RuntimeException e) {
            LOG.warnf(
                    "job %s: event %s -> %s not published yet, the relay retries: %s",
                    row.jobId(), row.from(), row.to(), e.getMessage());
        }
    }

    /** Re-sends job events whose history rows are still unpublished after a few seconds. */
    @Scheduled(
            every = "${darkroom.topics.relay-interval:5s}",
            delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void relay() {
        List<HistoryRow> rows = db.read(c -> jobs.unpublished(c, Instant.now().minusSeconds(5), 500));
        rows.forEach(this::publish);
    }
}
