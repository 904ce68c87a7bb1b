package io.darkroom.contracts;

/**
 * Default Kafka topic and group names. Services read the actual names from configuration
 * (keys under {@code darkroom.topics.*}); these are the defaults and the channel-name constants.
 */
public final class Topics {
    public static final String JOBS_SUBMITTED = "darkroom.jobs.submitted";
    public static final String JOBS_EVENTS = "darkroom.jobs.events";
    public static final String TASKS_EVENTS = "darkroom.tasks.events";
    public static final String WORKERS_HEARTBEAT = "darkroom.workers.heartbeat";
    /** Commands to render-workers (cancel tasks, drain, undrain): {@link WorkerControl}, read by every worker. */
    public static final String WORKERS_CONTROL = "darkroom.workers.control";
    /** Audit rows of services without the catalog (ingest-service), key = request id; process-service stores them. */
    public static final String AUDIT = "darkroom.audit";

    public static final String TASKS_PREFIX = "darkroom.tasks.";
    public static final String WORKER_GROUP_PREFIX = "darkroom-workers-";
    public static final String DEFAULT_POOL = "cpu";
    /**
     * Deliveries of one task record before a pool's share group archives it ({@code share.delivery.count.limit}): a
     * worker that dies holding the record (killed, or crashed by what it renders) spends one.
     */
    public static final int DELIVERY_COUNT_LIMIT = 5;
    /**
     * Partitions of a pool's task topic: one. A share group's assignor splits a topic's partitions between its
     * members while there are fewer members than partitions (2 workers on 4 partitions: 2 each), and a member takes
     * records only from its own partitions; a free worker then sat idle while the next task waited on a busy worker's
     * partition (measured: one worker alone for 12.8 s of a 16 s render). With one partition every member of the
     * group shares it, so any free slot takes the next task. One partition carries far more task records per second
     * than the dispatcher sends (bench/dispatch).
     */
    public static final int TASK_PARTITIONS = 1;

    private Topics() {}

    /** The render-task topic of a pool, e.g. {@code darkroom.tasks.cpu}. */
    public static String tasks(String pool) {
        return TASKS_PREFIX + pool;
    }

    /** The share group that the workers of a pool join, e.g. {@code darkroom-workers-cpu}. */
    public static String workerGroup(String pool) {
        return WORKER_GROUP_PREFIX + pool;
    }
}
