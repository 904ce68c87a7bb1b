package io.darkroom.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.internals.Exit;
import org.jboss.logging.Logger;

/**
 * A real Apache Kafka broker (KRaft, combined broker + controller) running in this JVM from the Kafka 4.4 jars, with
 * share groups enabled ({@code share.version=2}). Data lives in a folder of the caller's; the storage is formatted once
 * and reused on restart, so a restarted broker keeps topics, offsets and share-group state.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EmbeddedKafka.class);

    static {
        // A broker that hits a fatal error calls Exit.exit/halt, which would end the whole host JVM (a test run,
        // the stack daemon). In-process, the broker's failing thread throws instead and the host carries on.
        Exit.setExitProcedure((code, message) -> {
            LOG.errorf("embedded Kafka asked to exit(%d): %s", code, message);
            throw new IllegalStateException("embedded Kafka exit(" + code + "): " + message);
        });
        Exit.setHaltProcedure((code, message) -> {
            LOG.errorf("embedded Kafka asked to halt(%d): %s", code, message);
            throw new IllegalStateException("embedded Kafka halt(" + code + "): " + message);
        });
    }

    private final Path dataDir;
    private final int nodeId;
    private final int port;
    private final int controllerPort;
    private final String quorumVoters;
    private final String clusterId;
    private final Map<String, String> overrides;
    /** SCRAM users when the broker is secured (SASL listeners, ACLs), null for a plaintext broker. */
    private final KafkaUsers users;

    private KafkaRaftServer server;

    private EmbeddedKafka(
            Path dataDir,
            int nodeId,
            int port,
            int controllerPort,
            String quorumVoters,
            String clusterId,
            Map<String, String> overrides,
            KafkaUsers users) {
        this.dataDir = dataDir;
        this.nodeId = nodeId;
        this.port = port;
        this.controllerPort = controllerPort;
        this.quorumVoters = quorumVoters;
        this.clusterId = clusterId;
        this.overrides = Map.copyOf(overrides);
        this.users = users;
    }

    /** Formats (first time only) and starts a plaintext broker without ACLs on the given port (0 = a free one). */
    public static EmbeddedKafka start(Path dataDir, int port) {
        return start(dataDir, port, null);
    }

    /**
     * As {@link #start(Path, int)}, secured when {@code users} is given: clients sign in with SCRAM-SHA-512 as one of
     * the users, the broker's authorizer denies what no ACL allows, {@value KafkaUsers#ADMIN} is the only super user.
     * The controller listener takes SASL/PLAIN as {@value KafkaUsers#ADMIN} (SCRAM needs the metadata it guards).
     * Both listeners are on loopback; neither is TLS.
     */
    public static EmbeddedKafka start(Path dataDir, int port, KafkaUsers users) {
        int controllerPort = Ports.free();
        EmbeddedKafka kafka = new EmbeddedKafka(
                dataDir,
                1,
                port == 0 ? Ports.free() : port,
                controllerPort,
                "1@127.0.0.1:" + controllerPort,
                null,
                Map.of(),
                users);
        kafka.startServer();
        return kafka;
    }

    /**
     * One node of an {@link EmbeddedKafkaCluster}: combined broker + controller {@code nodeId} among the static
     * {@code quorumVoters}, formatted with the cluster's id; not started (see {@link #startServer()}).
     */
    static EmbeddedKafka clusterNode(
            Path dataDir,
            int nodeId,
            int port,
            int controllerPort,
            String quorumVoters,
            String clusterId,
            Map<String, String> overrides,
            KafkaUsers users) {
        return new EmbeddedKafka(dataDir, nodeId, port, controllerPort, quorumVoters, clusterId, overrides, users);
    }

    public int nodeId() {
        return nodeId;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The SCRAM users of a secured broker; empty for a plaintext one. */
    public java.util.Optional<KafkaUsers> users() {
        return java.util.Optional.ofNullable(users);
    }

    public synchronized boolean running() {
        return server != null;
    }

    /** Stops the broker (as a crash-free shutdown would) keeping its data. */
    public synchronized void stop() {
        if (server != null) {
            LOG.infof("stopping Kafka broker %d on %s", nodeId, bootstrapServers());
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    /** Starts the broker again on the same port and data. */
    public synchronized void restart() {
        stop();
        startServer();
    }

    @Override
    public void close() {
        stop();
    }

    /** Starts the server (formats the storage the first time). Blocks until this node has joined its quorum. */
    synchronized void startServer() {
        long t0 = System.nanoTime();
        Properties props = brokerProperties();
        try {
            Files.createDirectories(dataDir);
            Path propsFile = dataDir.resolve("server.properties");
            try (OutputStream out = Files.newOutputStream(propsFile)) {
                props.store(out, "Darkroom embedded broker");
            }
            if (!Files.exists(dataDir.resolve("logs").resolve("meta.properties"))) {
                format(propsFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Kafka data folder " + dataDir, e);
        }
        server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        LOG.infof(
                "Kafka broker %d up on %s in %d ms (data %s)",
                nodeId, bootstrapServers(), (System.nanoTime() - t0) / 1_000_000, dataDir);
    }

    private void format(Path propsFile) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        String id = clusterId != null ? clusterId : Uuid.randomUuid().toString();
        List<String> args = new ArrayList<>(
                List.of("format", "-t", id, "-c", propsFile.toString(), "--feature", "share.version=2"));
        if (users != null) {
            users.all().forEach((user, password) -> {
                args.add("--add-scram");
                args.add(KafkaUsers.MECHANISM + "=[name=" + user + ",password=" + password + "]");
            });
        }
        int rc =
                StorageTool.execute(args.toArray(String[]::new), new PrintStream(buffer, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            throw new IllegalStateException(
                    "formatting Kafka storage failed: " + buffer.toString(StandardCharsets.UTF_8));
        }
    }

    private Properties brokerProperties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(nodeId));
        p.put("controller.quorum.voters", quorumVoters);
        p.put("controller.listener.names", "CONTROLLER");
        if (users == null) {
            p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
            p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
            p.put("inter.broker.listener.name", "PLAINTEXT");
            p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        } else {
            secured(p, users);
        }
        p.put("log.dirs", dataDir.resolve("logs").toString());
        p.put("num.partitions", "4");
        p.put("auto.create.topics.enable", "true");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("share.coordinator.state.topic.num.partitions", "4");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("group.share.min.record.lock.duration.ms", "1000");
        // a share-group member that dies (SIGKILL) keeps its partitions until its session expires: the records a
        // released lock puts back on them wait for that (default 45 s, measured ~41 s in FaultToleranceIT); 10 s here
        p.put("group.share.min.session.timeout.ms", "6000");
        p.put("group.share.session.timeout.ms", "10000");
        p.put("group.share.min.heartbeat.interval.ms", "1000");
        p.put("group.share.heartbeat.interval.ms", "2000");
        // the controller's keep-alive record in the metadata log (a write and a flush) every 5 s, not every 500 ms: one
        // node, nobody to tell a stale controller by it; part of what an idle local stack spent (bench/idle-cpu)
        p.put("metadata.max.idle.interval.ms", "5000");
        p.put("log.flush.interval.messages", "1");
        p.put("log.segment.bytes", String.valueOf(16 * 1024 * 1024));
        p.putAll(overrides);
        return p;
    }

    /** SASL on both listeners, the standard authorizer, {@value KafkaUsers#ADMIN} as the one super user. */
    private void secured(Properties p, KafkaUsers users) {
        String admin = KafkaUsers.ADMIN;
        String pw = users.password(admin);
        p.put("listeners", "BROKER://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "BROKER://127.0.0.1:" + port);
        p.put("listener.security.protocol.map", "BROKER:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
        p.put("inter.broker.listener.name", "BROKER");
        p.put("sasl.mechanism.inter.broker.protocol", KafkaUsers.MECHANISM);
        p.put("listener.name.broker.sasl.enabled.mechanisms", KafkaUsers.MECHANISM);
        p.put("listener.name.broker.scram-sha-512.sasl.jaas.config", users.jaas(admin));
        p.put("sasl.mechanism.controller.protocol", "PLAIN");
        p.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        p.put(
                "listener.name.controller.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + admin
                        + "\" password=\"" + pw + "\" user_" + admin + "=\"" + pw + "\";");
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("super.users", "User:" + admin);
        p.put("allow.everyone.if.no.acl.found", "false");
    }
}
