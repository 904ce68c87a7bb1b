package io.darkroom.process.service;

import io.darkroom.contracts.JobState;
import io.darkroom.process.persistence.Database;
import io.darkroom.process.persistence.JobRepository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/** The {@code darkroom_jobs{state=...}} gauge: jobs per state, refreshed from the catalog every few seconds. */
@ApplicationScoped
public class ProcessMetrics {
    private static final Logger LOG = Logger.getLogger(ProcessMetrics.class);

    private final Database db;
    private final JobRepository jobs;
    private final Map<JobState, AtomicLong> byState = new EnumMap<>(JobState.class);

    public ProcessMetrics(Database db, JobRepository jobs, MeterRegistry registry) {
        this.db = db;
        this.jobs = jobs;
        for (JobState s : JobState.values()) {
            AtomicLong value = new AtomicLong();
            byState.put(s, value);
            Gauge.builder("darkroom.jobs", value, AtomicLong::doubleValue)
                    .description("Jobs in the catalog by state")
                    .tag("state", s.name())
                    .register(registry);
        }
    }

    @Scheduled(every = "5s", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        try {
            db.read(jobs::countByState).forEach((state, n) -> byState.get(state).set(n));
        } catch (RuntimeException e) {
            LOG.debugf("jobs gauge not refreshed: %s", e.getMessage());
        }
    }
}
