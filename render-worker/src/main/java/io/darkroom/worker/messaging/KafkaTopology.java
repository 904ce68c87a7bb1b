package io.darkroom.worker.messaging;

import io.darkroom.worker.config.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/**
 * Creates the worker's topics and sets its share group's configs, both idempotently, before any consumer joins.
 * process-service does the same for the groups it dispatches to: whoever comes first wins, the values agree. On a
 * secured cluster the worker's principal may do neither ({@code KafkaAcls}: a worker must not set its own delivery
 * limit or lock time): a refusal by the broker's authorizer leaves both to process-service, which sets them up before
 * it dispatches the first task.
 */
@ApplicationScoped
public class KafkaTopology {
    private static final Logger LOG = Logger.getLogger(KafkaTopology.class);
    private static final long TIMEOUT_S = 30;

    private final KafkaClients clients;
    private final WorkerConfig config;

    public KafkaTopology(KafkaClients clients, WorkerConfig config) {
        this.clients = clients;
        this.config = config;
    }

    /** The share-group configs of the worker's pool group (wire agreement, see contracts/README.md). */
    public static Map<String, String> groupConfigs(WorkerConfig.Worker worker) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("share.auto.offset.reset", "earliest");
        m.put("share.renew.acknowledge.enable", "true");
        m.put(
                "share.record.lock.duration.ms",
                Long.toString(worker.lockDuration().toMillis()));
        m.put("share.delivery.count.limit", Integer.toString(worker.deliveryCountLimit()));
        return m;
    }

    /** Topics and group configs; throws when the broker refuses or cannot be reached in time. */
    public void ensure() {
        List<String> pools = config.worker().servedPools();
        WorkerConfig.TopicNames t = config.topics();
        try (Admin admin = clients.admin()) {
            List<NewTopic> topics = new ArrayList<>();
            for (String pool : pools) {
                topics.add(new NewTopic(
                        t.tasks(pool), io.darkroom.contracts.Topics.TASK_PARTITIONS, t.replicationFactor()));
            }
            topics.add(new NewTopic(t.tasksEvents(), t.partitions(), t.replicationFactor()));
            topics.add(new NewTopic(t.workersControl(), t.partitions(), t.replicationFactor()));
            topics.add(new NewTopic(t.workersHeartbeat(), t.partitions(), t.replicationFactor())
                    .configs(Map.of("cleanup.policy", "compact")));
            createTopics(admin, topics);
            List<AlterConfigOp> ops = new ArrayList<>();
            groupConfigs(config.worker())
                    .forEach((k, v) -> ops.add(new AlterConfigOp(new ConfigEntry(k, v), AlterConfigOp.OpType.SET)));
            Map<ConfigResource, java.util.Collection<AlterConfigOp>> groups = new LinkedHashMap<>();
            for (String pool : pools) {
                groups.put(new ConfigResource(ConfigResource.Type.GROUP, t.workerGroup(pool)), ops);
            }
            try {
                admin.incrementalAlterConfigs(groups).all().get(TIMEOUT_S, TimeUnit.SECONDS);
                LOG.infof(
                        "share groups %s configured: %s",
                        pools.stream().map(t::workerGroup).toList(), groupConfigs(config.worker()));
            } catch (ExecutionException ex) {
                if (!(ex.getCause() instanceof AuthorizationException)) {
                    throw ex;
                }
                LOG.infof(
                        "share groups %s: this worker may not configure them (%s); process-service does",
                        pools.stream().map(t::workerGroup).toList(),
                        ex.getCause().getMessage());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while setting up Kafka topics", e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException(
                    "cannot set up Kafka topics and share group on " + clients.bootstrapServers() + ": "
                            + cause.getMessage(),
                    cause);
        }
    }

    private static void createTopics(Admin admin, List<NewTopic> topics)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<String> notAllowed = new ArrayList<>();
        for (var e : admin.createTopics(topics).values().entrySet()) {
            try {
                e.getValue().get(TIMEOUT_S, TimeUnit.SECONDS);
                LOG.infof("created topic %s", e.getKey());
            } catch (ExecutionException ex) {
                if (ex.getCause() instanceof AuthorizationException) {
                    notAllowed.add(e.getKey());
                } else if (!(ex.getCause() instanceof TopicExistsException)) {
                    throw ex;
                }
            }
        }
        if (!notAllowed.isEmpty()) {
            LOG.infof("topics %s: this worker may not create topics; process-service does", notAllowed);
        }
    }
}
