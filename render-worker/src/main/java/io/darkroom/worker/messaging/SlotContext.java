package io.darkroom.worker.messaging;

import io.darkroom.worker.config.WorkerConfig;
import io.darkroom.worker.service.RenderRunner;
import io.darkroom.worker.service.WorkerControlService;
import io.darkroom.worker.service.WorkerMetrics;
import io.darkroom.worker.service.WorkerStatus;
import java.time.Clock;

/** What every slot shares: clients, publisher, renderer, status, control state, meters and settings. */
record SlotContext(
        KafkaClients clients,
        EventPublisher publisher,
        RenderRunner runner,
        WorkerStatus status,
        WorkerControlService control,
        WorkerMetrics metrics,
        WorkerConfig config,
        String workerId,
        Clock clock) {}
