package io.darkroom.process.messaging;

/** Reactive-messaging channel names (topics are configured per channel in application.properties). */
public final class Channels {
    public static final String JOBS_SUBMITTED = "jobs-submitted";
    public static final String TASK_EVENTS = "task-events";
    public static final String WORKER_HEARTBEATS = "worker-heartbeats";
    public static final String AUDIT = "audit";

    private Channels() {}
}
