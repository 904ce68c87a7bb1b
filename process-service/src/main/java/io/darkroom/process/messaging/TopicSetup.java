package io.darkroom.process.messaging;

import io.darkroom.process.config.DarkroomConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/**
 * Creates process-service's topics idempotently and sets the share-group configs of each pool's worker group
 * (the wire agreement: earliest, lock renewal on, 15 s lock, 5 deliveries). Pools met later in jobs are set up on
 * first use.
 */
@ApplicationScoped
public class TopicSetup {
    private static final Logger LOG = Logger.getLogger(TopicSetup.class);
    static final Map<String, String> SHARE_GROUP_CONFIGS = Map.of(
            "share.auto.offset.reset", "earliest",
            "share.renew.acknowledge.enable", "true",
            "share.record.lock.duration.ms", "15000",
            "share.delivery.count.limit", String.valueOf(io.darkroom.contracts.Topics.DELIVERY_COUNT_LIMIT));

    private final KafkaClients kafka;
    private final DarkroomConfig.Topics topics;
    private final List<String> pools;
    private final Set<String> readyPools = ConcurrentHashMap.newKeySet();
    private volatile boolean baseReady;

    public TopicSetup(KafkaClients kafka, DarkroomConfig config) {
        this.kafka = kafka;
        this.topics = config.topics();
        this.pools = config.dispatch().pools();
    }

    /** Creates every topic and group config; true when all succeeded (false is logged, and tried again later). */
    public synchronized boolean ensureAll() {
        if (!baseReady) {
            List<NewTopic> base = new ArrayList<>();
            for (String t : List.of(
                    topics.jobsSubmitted(),
                    topics.jobsEvents(),
                    topics.tasksEvents(),
                    topics.workersControl(),
                    topics.tasksDlq(),
                    topics.jobsSubmittedDlq(),
                    topics.tasksEventsDlq(),
                    io.darkroom.contracts.Topics.AUDIT)) {
                base.add(topic(t));
            }
            base.add(topic(topics.workersHeartbeat()).configs(Map.of("cleanup.policy", "compact")));
            baseReady = create(base);
        }
        boolean ok = baseReady;
        for (String pool : pools) {
            ok &= ensurePool(pool);
        }
        return ok;
    }

    /** The task topic and share-group configs of a pool; cached once done. */
    public boolean ensurePool(String pool) {
        if (readyPools.contains(pool)) {
            return true;
        }
        if (create(List.of(new NewTopic(
                        topics.tasks(pool), io.darkroom.contracts.Topics.TASK_PARTITIONS, topics.replicationFactor())))
                && configureGroup(topics.workerGroup(pool))) {
            readyPools.add(pool);
            warnIfSplit(topics.tasks(pool));
            LOG.infof("pool %s ready: topic %s, share group %s", pool, topics.tasks(pool), topics.workerGroup(pool));
            return true;
        }
        return false;
    }

    private NewTopic topic(String name) {
        return new NewTopic(name, topics.partitions(), topics.replicationFactor());
    }

    private boolean create(Collection<NewTopic> newTopics) {
        try (Admin admin = kafka.admin()) {
            boolean ok = true;
            for (var e : admin.createTopics(newTopics).values().entrySet()) {
                try {
                    e.getValue().get(30, TimeUnit.SECONDS);
                    LOG.infof("created topic %s", e.getKey());
                } catch (ExecutionException ex) {
                    if (!(ex.getCause() instanceof TopicExistsException)) {
                        LOG.errorf(
                                "cannot create topic %s: %s",
                                e.getKey(), ex.getCause().toString());
                        ok = false;
                    }
                }
            }
            return ok;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.errorf("cannot create topics: %s", e.toString());
            return false;
        }
    }

    /**
     * A task topic made before it had one partition ({@link io.darkroom.contracts.Topics#TASK_PARTITIONS}) keeps its
     * partitions (Kafka cannot remove them): the share group then splits them between workers, and a free worker can
     * idle while a task waits on a busy one's partition. Said once at start-up, with the way out.
     */
    private void warnIfSplit(String topic) {
        try (Admin admin = kafka.admin()) {
            int partitions = admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(topic)
                    .partitions()
                    .size();
            if (partitions > io.darkroom.contracts.Topics.TASK_PARTITIONS) {
                LOG.warnf(
                        "topic %s has %d partitions: its share group splits them between workers, so a free worker"
                                + " may wait while a task sits on a busy worker's partition; recreate it with %d"
                                + " partition while the pool is idle",
                        topic, partitions, io.darkroom.contracts.Topics.TASK_PARTITIONS);
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.debugf("cannot describe topic %s: %s", topic, e.toString());
        }
    }

    private boolean configureGroup(String group) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.GROUP, group);
        List<AlterConfigOp> ops = SHARE_GROUP_CONFIGS.entrySet().stream()
                .map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET))
                .toList();
        try (Admin admin = kafka.admin()) {
            admin.incrementalAlterConfigs(Map.of(resource, ops)).all().get(30, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.errorf("cannot set share-group configs of %s: %s", group, e.toString());
            return false;
        }
    }
}
