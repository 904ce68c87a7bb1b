package io.darkroom.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.common.Uuid;
import org.jboss.logging.Logger;

/**
 * A Kafka cluster of N nodes on loopback in this JVM (fault tests): every node is a combined broker + controller of
 * {@link EmbeddedKafka}, the N controllers form a static KRaft quorum of N voters, and internal topics (offsets,
 * transactions, share-group state) are replicated N times (at most 3) with {@code min.insync.replicas} N-1, which is
 * also the default for topics the services create. Services must create their own topics with replication factor N
 * ({@code darkroom.topics.replication-factor}).
 *
 * <p>{@link #kill(int)} stops one node the hardest way possible in-process: {@code controlled.shutdown.enable=false}
 * so the node does not hand its partition leaderships over first; it closes its sockets and the remaining
 * controllers fence it when its broker session times out ({@code broker.session.timeout.ms}, 6 s here). It is not a
 * SIGKILL (no process dies: the node runs in this JVM), but the clients see the same thing: connections drop and
 * leaders move.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EmbeddedKafkaCluster.class);

    private final List<EmbeddedKafka> nodes;

    private EmbeddedKafkaCluster(List<EmbeddedKafka> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    /** Formats and starts {@code size} plaintext nodes (ids 1..size) together and waits until every one is up. */
    public static EmbeddedKafkaCluster start(Path dataDir, int size) {
        return start(dataDir, size, null);
    }

    /** As {@link #start(Path, int)}, every node secured as {@link EmbeddedKafka#start(Path, int, KafkaUsers)} is. */
    public static EmbeddedKafkaCluster start(Path dataDir, int size, KafkaUsers users) {
        if (size < 1) {
            throw new IllegalArgumentException("a cluster needs at least one node, got " + size);
        }
        long t0 = System.nanoTime();
        int rf = Math.min(size, 3);
        String minIsr = String.valueOf(Math.max(1, rf - 1));
        List<Integer> ports = new ArrayList<>();
        List<Integer> controllerPorts = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ports.add(Ports.free());
            controllerPorts.add(Ports.free());
        }
        String voters = java.util.stream.IntStream.range(0, size)
                .mapToObj(i -> (i + 1) + "@127.0.0.1:" + controllerPorts.get(i))
                .collect(Collectors.joining(","));
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("default.replication.factor", String.valueOf(rf));
        overrides.put("min.insync.replicas", minIsr);
        overrides.put("offsets.topic.replication.factor", String.valueOf(rf));
        overrides.put("transaction.state.log.replication.factor", String.valueOf(rf));
        overrides.put("transaction.state.log.min.isr", minIsr);
        overrides.put("share.coordinator.state.topic.replication.factor", String.valueOf(rf));
        overrides.put("share.coordinator.state.topic.min.isr", minIsr);
        overrides.put("controlled.shutdown.enable", "false");
        overrides.put("broker.heartbeat.interval.ms", "1000");
        overrides.put("broker.session.timeout.ms", "6000");
        overrides.put("unclean.leader.election.enable", "false");
        String clusterId = Uuid.randomUuid().toString();
        List<EmbeddedKafka> nodes = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            nodes.add(EmbeddedKafka.clusterNode(
                    dataDir.resolve("node-" + (i + 1)),
                    i + 1,
                    ports.get(i),
                    controllerPorts.get(i),
                    voters,
                    clusterId,
                    overrides,
                    users));
        }
        EmbeddedKafkaCluster cluster = new EmbeddedKafkaCluster(nodes);
        try {
            // a node's startup waits for the quorum, so they must start together
            onEveryNode(nodes, EmbeddedKafka::startServer).join();
        } catch (CompletionException e) {
            cluster.close();
            throw new IllegalStateException("Kafka cluster did not start: " + e.getCause(), e.getCause());
        }
        LOG.infof(
                "Kafka cluster of %d nodes up on %s in %d ms (replication %d, min.insync.replicas %s)",
                size, cluster.bootstrapServers(), (System.nanoTime() - t0) / 1_000_000, rf, minIsr);
        return cluster;
    }

    /** Every node's listener, comma-separated. */
    public String bootstrapServers() {
        return nodes.stream().map(EmbeddedKafka::bootstrapServers).collect(Collectors.joining(","));
    }

    public List<EmbeddedKafka> nodes() {
        return nodes;
    }

    /** The node with this id (1-based). */
    public EmbeddedKafka node(int nodeId) {
        return nodes.stream()
                .filter(n -> n.nodeId() == nodeId)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + nodeId));
    }

    /** Stops node {@code nodeId} without handing its leaderships over (see the class comment). */
    public void kill(int nodeId) {
        LOG.infof("killing Kafka node %d", nodeId);
        node(nodeId).stop();
    }

    /** Starts a stopped node again on its port and data. */
    public void restart(int nodeId) {
        node(nodeId).restart();
    }

    /** Stops the nodes together (one by one, a node that lost its quorum would wait for it). */
    @Override
    public void close() {
        onEveryNode(nodes, EmbeddedKafka::stop)
                .exceptionally(e -> {
                    LOG.warnf("stopping the Kafka cluster: %s", e.getMessage());
                    return null;
                })
                .join();
    }

    /** Runs the action on every node at once, one thread each (the common pool may have a single thread). */
    private static CompletableFuture<Void> onEveryNode(List<EmbeddedKafka> nodes, Consumer<EmbeddedKafka> action) {
        ExecutorService pool = Executors.newFixedThreadPool(nodes.size(), r -> {
            Thread t = new Thread(r, "kafka-cluster-node");
            t.setDaemon(true);
            return t;
        });
        CompletableFuture<Void> all = CompletableFuture.allOf(nodes.stream()
                .map(n -> CompletableFuture.runAsync(() -> action.accept(n), pool))
                .toArray(CompletableFuture[]::new));
        return all.whenComplete((v, e) -> pool.shutdown());
    }
}
