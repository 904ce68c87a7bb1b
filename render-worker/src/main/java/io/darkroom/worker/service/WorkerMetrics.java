package io.darkroom.worker.service;

import io.darkroom.contracts.FailureReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** The worker's meters: tasks completed and failed, render duration, busy slots. */
@ApplicationScoped
public class WorkerMetrics {
    private final MeterRegistry registry;
    private final Counter completed;
    private final Timer renderDuration;
    private final Map<String, Timer> phases = new ConcurrentHashMap<>();

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

    /**
     * One step of a task attempt on its slot thread ({@code darkroom.worker.task.phase}, tag phase): {@code render}
     * (started event queued to render outcome), {@code report} (the done or failed event, awaited until the broker has
     * it), {@code ack} (acknowledging the record); inside render, for a video segment written, {@code open},
     * {@code setup}, {@code frames} and {@code close} ({@link io.darkroom.render.RenderPhase}). bench/dispatch reads
     * them for the per-task fixed cost.
     */
    public void phase(String phase, long nanos) {
        phases.computeIfAbsent(phase, p -> Timer.builder("darkroom.worker.task.phase")
                        .description(
                                "Time one step of a task attempt took on its slot (render: open, setup, frames, close; report; ack)")
                        .tag("phase", p)
                        .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    public double completedCount() {
        return completed.count();
    }
}
