package io.darkroom.worker.service;

import io.darkroom.contracts.FailureReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** The worker's meters: tasks completed and failed, render duration, busy slots. */
@ApplicationScoped
public class WorkerMetrics {
    private final MeterRegistry registry;
    private final Counter completed;
    private final Timer renderDuration;

    public WorkerMetrics(MeterRegistry registry, WorkerStatus status) {
        this.registry = registry;
        this.completed = Counter.builder("darkroom.worker.tasks.completed")
                .description("Task attempts rendered and reported done")
                .register(registry);
        this.renderDuration = Timer.builder("darkroom.worker.render.duration")
                .description("Time spent rendering one task attempt")
                .register(registry);
        Gauge.builder("darkroom.worker.slots.busy", status, WorkerStatus::busy)
                .description("Slots holding a task now")
                .register(registry);
    }

    public void completed(Duration took) {
        completed.increment();
        renderDuration.record(took);
    }

    public void failed(FailureReason reason, Duration took) {
        Counter.builder("darkroom.worker.tasks.failed")
                .description("Task attempts reported failed")
                .tag("reason", reason.name())
                .register(registry)
                .increment();
        renderDuration.record(took);
    }

    public double completedCount() {
        return completed.count();
    }
}
