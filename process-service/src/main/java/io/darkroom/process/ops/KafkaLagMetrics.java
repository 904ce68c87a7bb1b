package io.darkroom.process.ops;

import io.darkroom.process.config.DarkroomConfig;
import io.darkroom.process.messaging.KafkaClients;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.jboss.logging.Logger;

/**
 * From the broker, every {@code darkroom.metrics.kafka-interval} (15 s): records in each dead-letter topic ({@code darkroom_dlq_depth_messages}) and the lag of
 * each pool's share group on its task topic ({@code darkroom_share_group_lag_records}, Admin
 * {@code listShareGroupOffsets}: the partition's end offset minus the share group's start offset when the broker
 * does not report the lag itself).
 */
@ApplicationScoped
public class KafkaLagMetrics {
    private static final Logger LOG = Logger.getLogger(KafkaLagMetrics.class);
    private static final long TIMEOUT_S = 10;

    private final KafkaClients clients;
    private final Map<String, AtomicLong> dlqDepth = new LinkedHashMap<>();
    /** pool -> lag of darkroom-workers-&lt;pool&gt; on darkroom.tasks.&lt;pool&gt; */
    private final Map<String, AtomicLong> lag = new LinkedHashMap<>();

    private final Map<String, String[]> groups = new LinkedHashMap<>();
    private Admin admin;
    private String lastProblem;

    public KafkaLagMetrics(KafkaClients clients, DarkroomConfig config, MeterRegistry registry) {
        this.clients = clients;
        DarkroomConfig.Topics t = config.topics();
        for (String topic : List.of(t.tasksDlq(), t.jobsSubmittedDlq(), t.tasksEventsDlq())) {
            AtomicLong v = new AtomicLong();
            dlqDepth.put(topic, v);
            Gauge.builder("darkroom.dlq.depth.messages", v, AtomicLong::doubleValue)
                    .description("Records in a dead-letter topic")
                    .tag("topic", topic)
                    .register(registry);
        }
        for (String pool : config.dispatch().pools()) {
            AtomicLong v = new AtomicLong();
            lag.put(pool, v);
            groups.put(pool, new String[] {t.workerGroup(pool), t.tasks(pool)});
            Gauge.builder("darkroom.share.group.lag.records", v, AtomicLong::doubleValue)
                    .description("Records of a pool's task topic its share group has not yet acknowledged")
                    .tags("group", t.workerGroup(pool), "topic", t.tasks(pool), "pool", pool)
                    .register(registry);
        }
    }

    /** Records in each dead-letter topic, as of the last refresh. */
    public Map<String, Long> dlqDepths() {
        Map<String, Long> out = new LinkedHashMap<>();
        dlqDepth.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** Each pool's share-group lag on its task topic, as of the last refresh. */
    public Map<String, Long> shareLag() {
        Map<String, Long> out = new LinkedHashMap<>();
        lag.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    @Scheduled(
            every = "${darkroom.metrics.kafka-interval:15s}",
            delayed = "3s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void refresh() {
        try {
            Admin a = admin();
            for (Map.Entry<String, AtomicLong> e : dlqDepth.entrySet()) {
                e.getValue().set(depth(a, e.getKey()));
            }
            for (Map.Entry<String, String[]> e : groups.entrySet()) {
                lag.get(e.getKey()).set(shareLag(a, e.getValue()[0], e.getValue()[1]));
            }
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            warnOnce("Kafka metrics not refreshed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = clients.admin();
        }
        return admin;
    }

    /** Logs a problem once until it changes (a database or broker outage would otherwise log every few seconds). */
    private void warnOnce(String problem) {
        if (!problem.equals(lastProblem)) {
            LOG.warn(problem);
        }
        lastProblem = problem;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(2));
        }
    }

    private static List<TopicPartition> partitions(Admin a, String topic)
            throws InterruptedException, ExecutionException, TimeoutException {
        try {
            TopicDescription d = a.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(TIMEOUT_S, TimeUnit.SECONDS)
                    .get(topic);
            List<TopicPartition> out = new ArrayList<>();
            d.partitions().forEach(p -> out.add(new TopicPartition(topic, p.partition())));
            return out;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return List.of();
            }
            throw e;
        }
    }

    private static Map<TopicPartition, Long> offsets(Admin a, List<TopicPartition> tps, OffsetSpec spec)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetSpec> req = new HashMap<>();
        tps.forEach(tp -> req.put(tp, spec));
        Map<TopicPartition, Long> out = new HashMap<>();
        a.listOffsets(req).all().get(TIMEOUT_S, TimeUnit.SECONDS).forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    static long depth(Admin a, String topic) throws InterruptedException, ExecutionException, TimeoutException {
        List<TopicPartition> tps = partitions(a, topic);
        if (tps.isEmpty()) {
            return 0;
        }
        Map<TopicPartition, Long> end = offsets(a, tps, OffsetSpec.latest());
        Map<TopicPartition, Long> start = offsets(a, tps, OffsetSpec.earliest());
        return tps.stream()
                .mapToLong(tp -> Math.max(0, end.get(tp) - start.get(tp)))
                .sum();
    }

    static long shareLag(Admin a, String group, String topic)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<TopicPartition> tps = partitions(a, topic);
        if (tps.isEmpty()) {
            return 0;
        }
        Map<TopicPartition, SharePartitionOffsetInfo> info = a.listShareGroupOffsets(
                        Map.of(group, new ListShareGroupOffsetsSpec().topicPartitions(tps)))
                .partitionsToOffsetInfo(group)
                .get(TIMEOUT_S, TimeUnit.SECONDS);
        Map<TopicPartition, Long> end = offsets(a, tps, OffsetSpec.latest());
        Map<TopicPartition, Long> earliest = offsets(a, tps, OffsetSpec.earliest());
        long total = 0;
        for (TopicPartition tp : tps) {
            SharePartitionOffsetInfo i = info == null ? null : info.get(tp);
            if (i != null && i.lag().isPresent()) {
                total += Math.max(0, i.lag().get());
            } else {
                long startOffset = i == null || i.startOffset() < 0 ? earliest.get(tp) : i.startOffset();
                total += Math.max(0, end.get(tp) - startOffset);
            }
        }
        return total;
    }
}
