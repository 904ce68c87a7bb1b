package io.darkroom.worker.domain;

import io.darkroom.contracts.Json;
import io.darkroom.contracts.RenderTask;
import io.darkroom.contracts.Wire;

/** Reads a task record's value; anything that is not a usable RenderTask is refused with the reason. */
public final class TaskParser {

    private TaskParser() {}

    /** @throws IllegalArgumentException naming what is wrong */
    public static RenderTask parse(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("empty record value");
        }
        RenderTask task = Json.read(value, RenderTask.class);
        if (task.taskId() == null || task.taskId().isBlank()) {
            throw new IllegalArgumentException("RenderTask without taskId");
        }
        if (task.jobId() == null || task.jobId().isBlank()) {
            throw new IllegalArgumentException("RenderTask " + task.taskId() + " without jobId");
        }
        if (task.kind() == null || task.source() == null || task.outputPrefix() == null) {
            throw new IllegalArgumentException("RenderTask " + task.taskId() + " lacks kind, source or outputPrefix");
        }
        Wire.requireReadable("RenderTask " + task.taskId(), task.schema(), RenderTask.SCHEMA);
        return task;
    }
}
