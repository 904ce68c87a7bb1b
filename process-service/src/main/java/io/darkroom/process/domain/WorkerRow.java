package io.darkroom.process.domain;

import io.darkroom.contracts.WorkerHeartbeat.Capabilities;
import io.darkroom.contracts.WorkerHeartbeat.PoolSlots;
import java.time.Instant;
import java.util.List;

/** A worker as last seen in its heartbeats; {@code pools}: every pool it takes work from, its own first. */
public record WorkerRow(
        String id,
        String host,
        String pool,
        int slots,
        int busy,
        String state,
        Capabilities capabilities,
        List<String> currentTasks,
        Instant lastHeartbeat,
        List<PoolSlots> pools) {}
