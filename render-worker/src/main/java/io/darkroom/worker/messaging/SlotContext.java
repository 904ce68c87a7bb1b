package io.darkroom.worker.messaging;

import io.darkroom.worker.config.WorkerConfig;
import io.darkroom.worker.service.RenderRunner;
import io.darkroom.worker.service.WorkerMetrics;
import io.darkroom.worker.service.WorkerStatus;
import java.time.Clock;

/** What every slot shares: clients, publisher, renderer, status, meters and settings. */
record SlotContext(KafkaClients clients, EventPublisher publisher, RenderRunner runner, WorkerStatus status,
        WorkerMetrics metrics, WorkerConfig config, String workerId, Clock clock) {
}
