package io.darkroom.local;

import io.darkroom.messaging.KafkaAcls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.jboss.logging.Logger;

/**
 * The infrastructure of the single-machine stack: one real Kafka broker and one real PostgreSQL, plus the storage
 * roots on the local filesystem. The services themselves are started by {@link Stack} through {@link ServiceProcess} as
 * separate processes, or by Quarkus tests in-process; both take their settings from {@link #serviceConfig()}.
 */
public final class LocalStack implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LocalStack.class);

    private final Path stateDir;
    private final EmbeddedKafka kafka;
    private final EmbeddedKafkaCluster cluster;
    private final EmbeddedPg postgres;
    private final Map<String, Path> storageRoots;
    private final LocalAuth auth;
    /** The broker's SCRAM users when it is secured, else null. */
    private final KafkaUsers kafkaUsers;

    private LocalStack(
            Path stateDir,
            EmbeddedKafka kafka,
            EmbeddedKafkaCluster cluster,
            EmbeddedPg postgres,
            Map<String, Path> storageRoots,
            KafkaUsers kafkaUsers) {
        this.auth = LocalAuth.in(stateDir);
        this.kafkaUsers = kafkaUsers;
        this.stateDir = stateDir;
        this.kafka = kafka;
        this.cluster = cluster;
        this.postgres = postgres;
        this.storageRoots = storageRoots;
    }

    /**
     * Starts broker and database with data under {@code stateDir}; storage roots default to
     * {@code media = samples/media} (the repository's sample clips), {@code work = stateDir/work}, {@code out = stateDir/out}.
     */
    public static LocalStack start(Path stateDir) {
        return start(stateDir, 0, 0, Map.of());
    }

    /** As {@link #start(Path)} with fixed ports (0 = free) and extra or overriding storage roots. */
    public static LocalStack start(Path stateDir, int kafkaPort, int pgPort, Map<String, Path> extraRoots) {
        return start(stateDir, kafkaPort, 1, pgPort, extraRoots);
    }

    /**
     * As {@link #start(Path, int, int, Map)} with {@code brokers} Kafka nodes: 1 is the one {@link EmbeddedKafka}
     * (on {@code kafkaPort}), more an {@link EmbeddedKafkaCluster} on free ports (fault tests).
     */
    public static LocalStack start(
            Path stateDir, int kafkaPort, int brokers, int pgPort, Map<String, Path> extraRoots) {
        return start(stateDir, kafkaPort, brokers, pgPort, extraRoots, false);
    }

    /**
     * As {@link #start(Path, int, int, int, Map)}; with {@code secureKafka} the broker takes only SCRAM sign-ins of
     * its {@link KafkaUsers} and the {@link KafkaAcls} are created on it, so each service must sign in as its own
     * principal ({@link #serviceConfig(String)}).
     */
    public static LocalStack start(
            Path stateDir, int kafkaPort, int brokers, int pgPort, Map<String, Path> extraRoots, boolean secureKafka) {
        Path dir = stateDir.toAbsolutePath().normalize();
        Map<String, Path> roots = new LinkedHashMap<>();
        roots.put("media", RepoPaths.sampleMedia());
        roots.put("work", dir.resolve("work"));
        roots.put("out", dir.resolve("out"));
        roots.putAll(extraRoots);
        try {
            for (Map.Entry<String, Path> e : roots.entrySet()) {
                if (!e.getKey().equals("media")) {
                    Files.createDirectories(e.getValue());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create storage roots under " + dir, e);
        }
        EmbeddedPg pg = EmbeddedPg.start(dir.resolve("postgres"), pgPort);
        EmbeddedKafka broker = null;
        EmbeddedKafkaCluster cluster = null;
        KafkaUsers users = secureKafka ? KafkaUsers.in(dir) : null;
        try {
            if (brokers <= 1) {
                broker = EmbeddedKafka.start(dir.resolve("kafka"), kafkaPort, users);
            } else {
                cluster = EmbeddedKafkaCluster.start(dir.resolve("kafka"), brokers, users);
            }
        } catch (RuntimeException e) {
            pg.close();
            throw e;
        }
        LocalStack stack = new LocalStack(dir, broker, cluster, pg, roots, users);
        if (users != null) {
            try {
                stack.createAcls();
            } catch (RuntimeException e) {
                stack.close();
                throw e;
            }
        }
        LOG.infof("local stack up: kafka %s, postgres %s, state %s", stack.bootstrapServers(), pg.jdbcUrl(), dir);
        return stack;
    }

    public Path stateDir() {
        return stateDir;
    }

    /** The one broker; for a stack started with several, see {@link #kafkaCluster()}. */
    public EmbeddedKafka kafka() {
        if (kafka == null) {
            throw new IllegalStateException("this stack runs a Kafka cluster: use kafkaCluster()");
        }
        return kafka;
    }

    /** The cluster, when the stack was started with more than one broker. */
    public EmbeddedKafkaCluster kafkaCluster() {
        if (cluster == null) {
            throw new IllegalStateException("this stack runs a single broker: use kafka()");
        }
        return cluster;
    }

    /** The broker list the services are given. */
    public String bootstrapServers() {
        return kafka != null ? kafka.bootstrapServers() : cluster.bootstrapServers();
    }

    public EmbeddedPg postgres() {
        return postgres;
    }

    public Map<String, Path> storageRoots() {
        return Map.copyOf(storageRoots);
    }

    public Path storageRoot(String name) {
        Path p = storageRoots.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no storage root " + name);
        }
        return p;
    }

    /** The token keys of this stack (see {@link LocalAuth}). */
    public LocalAuth auth() {
        return auth;
    }

    /** The SCRAM users of a secured broker; empty when it is plaintext. */
    public Optional<KafkaUsers> kafkaUsers() {
        return Optional.ofNullable(kafkaUsers);
    }

    /**
     * Settings for a plain Kafka client of this stack signed in as {@code user} (a secured broker; for a plaintext
     * one, just the bootstrap servers).
     */
    public Map<String, Object> kafkaClientSettings(String user) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        if (kafkaUsers != null) {
            m.putAll(kafkaUsers.clientSettings(user));
        }
        return m;
    }

    /** {@link #serviceConfig()} plus, on a secured broker, the sign-in of the service's Kafka principal. */
    public Map<String, String> serviceConfig(String kafkaPrincipal) {
        Map<String, String> cfg = serviceConfig();
        if (kafkaUsers != null) {
            cfg.putAll(kafkaUsers.serviceConfig(kafkaPrincipal));
        }
        return cfg;
    }

    /** Creates every {@link KafkaAcls} binding, as the super user (creating one that exists is a no-op). */
    private void createAcls() {
        try (Admin admin = Admin.create(kafkaClientSettings(KafkaUsers.ADMIN))) {
            admin.createAcls(KafkaAcls.bindings()).all().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the Kafka ACLs", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create the Kafka ACLs: " + e, e);
        }
        LOG.infof(
                "Kafka secured: SCRAM-SHA-512 principals with %d ACLs",
                KafkaAcls.bindings().size());
    }

    /** The configuration every service needs to join this stack (Quarkus property names), token keys included. */
    public Map<String, String> serviceConfig() {
        Map<String, String> cfg = serviceConfig(
                bootstrapServers(), postgres.jdbcUrl(), postgres.user(), postgres.password(), storageRoots);
        cfg.putAll(auth.serviceConfig());
        return cfg;
    }

    /** The service configuration for a given broker, database and roots (also used by the Testcontainers path). */
    public static Map<String, String> serviceConfig(
            String bootstrap, String jdbcUrl, String user, String password, Map<String, Path> roots) {
        Map<String, String> cfg = new LinkedHashMap<>();
        cfg.put("kafka.bootstrap.servers", bootstrap);
        cfg.put("quarkus.kafka.devservices.enabled", "false");
        cfg.put("quarkus.datasource.devservices.enabled", "false");
        cfg.put("quarkus.datasource.jdbc.url", jdbcUrl);
        cfg.put("quarkus.datasource.username", user);
        cfg.put("quarkus.datasource.password", password);
        roots.forEach((name, path) -> cfg.put("darkroom.storage.roots." + name, path.toString()));
        return cfg;
    }

    /** Stops the broker first (services should already be stopped), then the database. */
    @Override
    public void close() {
        try {
            if (kafka != null) {
                kafka.close();
            } else {
                cluster.close();
            }
        } finally {
            postgres.close();
        }
    }
}
