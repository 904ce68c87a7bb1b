package io.darkroom.ingest.service;

import io.darkroom.recipe.Problem;
import io.darkroom.recipe.Violation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

/**
 * Counters on /q/metrics: {@code darkroom_ingest_jobs_accepted_total},
 * {@code darkroom_ingest_jobs_rejected_total{problem="..."}} (a request counts once per distinct problem) and
 * {@code darkroom_ingest_jobs_unavailable_total} (broker did not acknowledge; answered 503).
 */
@ApplicationScoped
public class IngestMetrics {
    private final MeterRegistry registry;
    private final Counter accepted;
    private final Counter unavailable;

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.accepted = Counter.builder("darkroom.ingest.jobs.accepted")
                .description("Jobs accepted and acknowledged by the broker")
                .register(registry);
        this.unavailable = Counter.builder("darkroom.ingest.jobs.unavailable")
                .description("Valid jobs refused with 503 because the broker did not acknowledge them")
                .register(registry);
    }

    public void accepted() {
        accepted.increment();
    }

    public void unavailable() {
        unavailable.increment();
    }

    public void rejected(Collection<Violation> violations) {
        Set<Problem> problems = EnumSet.noneOf(Problem.class);
        violations.forEach(v -> problems.add(v.problem()));
        problems.forEach(p -> Counter.builder("darkroom.ingest.jobs.rejected")
                .description("Job requests rejected, by problem")
                .tag("problem", p.name())
                .register(registry)
                .increment());
    }
}
