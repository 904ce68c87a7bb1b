package io.darkroom.worker.messaging;

import io.darkroom.worker.config.WorkerConfig;
import io.darkroom.worker.service.RenderRunner;
import io.darkroom.worker.service.WorkerControlService;
import io.darkroom.worker.service.WorkerIdentity;
import io.darkroom.worker.service.WorkerMetrics;
import io.darkroom.worker.service.WorkerStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Starts one {@link SlotConsumer} thread per slot and waits for them on shutdown. */
@ApplicationScoped
public class TaskConsumers {
    private final SlotContext ctx;
    private final List<Thread> threads = new ArrayList<>();

    public TaskConsumers(
            KafkaClients clients,
            EventPublisher publisher,
            RenderRunner runner,
            WorkerStatus status,
            WorkerControlService control,
            WorkerMetrics metrics,
            WorkerConfig config,
            WorkerIdentity identity) {
        this.ctx = new SlotContext(
                clients, publisher, runner, status, control, metrics, config, identity.workerId(), Clock.systemUTC());
    }

    public synchronized void start(int slots) {
        for (int slot = 0; slot < slots; slot++) {
            Thread t = new Thread(new SlotConsumer(ctx, slot), "darkroom-slot-" + slot);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /** Waits for every slot thread to end (they end once the status says stopping); false if some did not. */
    public synchronized boolean awaitStopped(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread t : threads) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                t.join(Math.max(1, left / 1_000_000));
            }
        }
        return threads.stream().noneMatch(Thread::isAlive);
    }
}
