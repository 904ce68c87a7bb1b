package io.darkroom.worker.service;

import io.darkroom.contracts.FailureReason;
import io.darkroom.contracts.RenderTask;
import io.darkroom.render.RenderContext;
import io.darkroom.render.RenderException;
import io.darkroom.render.TaskRenderer;
import io.darkroom.worker.config.WorkerConfig;
import io.darkroom.worker.domain.NoopTasks;
import io.darkroom.worker.domain.TaskOutcome;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Runs renders off the consumer threads, so that a slot's consumer thread stays free to renew the record's lock.
 * Every render ends in a {@link TaskOutcome}; nothing escapes as an exception.
 */
@ApplicationScoped
public class RenderRunner {
    private static final Logger LOG = Logger.getLogger(RenderRunner.class);

    private final TaskRenderer renderer;
    private final ExecutorService executor;
    private final boolean noopTasks;

    public RenderRunner(TaskRenderer renderer, WorkerConfig config) {
        this.renderer = renderer;
        this.noopTasks = config.worker().noopTasks();
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "darkroom-render-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public Future<TaskOutcome> start(RenderTask task, RenderContext ctx) {
        if (task.kind() == RenderTask.TaskKind.NOOP) {
            // nothing to render: no thread hop, so the bench measures the dispatch path and not this executor
            return CompletableFuture.completedFuture(NoopTasks.run(task, noopTasks));
        }
        return executor.submit(() -> {
            MDC.put("jobId", task.jobId());
            MDC.put("taskId", task.taskId());
            try {
                return render(renderer, task, ctx);
            } finally {
                MDC.remove("jobId");
                MDC.remove("taskId");
            }
        });
    }

    /** Renders and classifies the result (package-visible for unit tests). */
    static TaskOutcome render(TaskRenderer renderer, RenderTask task, RenderContext ctx) {
        try {
            return new TaskOutcome.Rendered(renderer.render(task, ctx));
        } catch (RenderException e) {
            if (ctx.cancelled().getAsBoolean()) {
                return new TaskOutcome.Interrupted("render cancelled: " + e.getMessage());
            }
            return new TaskOutcome.Failed(e.reason() == null ? FailureReason.INTERNAL : e.reason(), e.getMessage());
        } catch (OutOfMemoryError e) {
            return new TaskOutcome.Failed(FailureReason.OUT_OF_MEMORY, label(task) + ": out of memory");
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s: renderer threw", label(task));
            return new TaskOutcome.Failed(FailureReason.INTERNAL, label(task) + ": unexpected " + e);
        }
    }

    static String label(RenderTask task) {
        return "job " + task.jobId() + " task " + task.taskId() + " attempt " + task.attempt();
    }

    @PreDestroy
    void close() {
        executor.shutdownNow();
    }
}
