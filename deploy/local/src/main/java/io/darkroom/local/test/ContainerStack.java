package io.darkroom.local.test;

import io.darkroom.local.LocalStack;
import io.darkroom.local.RepoPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The thin Testcontainers path of {@link DarkroomTestResource}: Kafka (apache/kafka 4.x, share groups on) and
 * PostgreSQL containers, for teams whose machines run Docker. Not exercised on machines without an engine.
 */
final class ContainerStack implements DarkroomTestResource.Backend {
    private final KafkaContainer kafka;
    private final PostgreSQLContainer postgres;
    private final Map<String, Path> roots;
    private final io.darkroom.local.LocalAuth auth;

    private ContainerStack(
            KafkaContainer kafka,
            PostgreSQLContainer postgres,
            Map<String, Path> roots,
            io.darkroom.local.LocalAuth auth) {
        this.auth = auth;
        this.kafka = kafka;
        this.postgres = postgres;
        this.roots = roots;
    }

    /** Cheap check first (socket or DOCKER_HOST), then ask Testcontainers whether the engine answers. */
    static boolean dockerAvailable() {
        if ("false".equals(System.getProperty("darkroom.testcontainers"))) {
            return false;
        }
        boolean hint = System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"));
        if (!hint) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable t) {
            return false;
        }
    }

    static ContainerStack start(Path dir) {
        KafkaContainer kafka = new KafkaContainer("apache/kafka:4.2.0")
                .withEnv("KAFKA_GROUP_SHARE_ENABLE", "true")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1");
        PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:17-alpine").withDatabaseName("darkroom");
        kafka.start();
        postgres.start();
        Map<String, Path> roots = new LinkedHashMap<>();
        roots.put("media", RepoPaths.sampleMedia());
        roots.put("work", dir.resolve("work"));
        roots.put("out", dir.resolve("out"));
        try {
            Files.createDirectories(dir.resolve("work"));
            Files.createDirectories(dir.resolve("out"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ContainerStack(kafka, postgres, roots, io.darkroom.local.LocalAuth.in(dir));
    }

    @Override
    public Map<String, String> config() {
        Map<String, String> cfg = LocalStack.serviceConfig(
                kafka.getBootstrapServers(),
                postgres.getJdbcUrl(),
                postgres.getUsername(),
                postgres.getPassword(),
                roots);
        cfg.putAll(auth.serviceConfig());
        return cfg;
    }

    @Override
    public io.darkroom.local.LocalAuth auth() {
        return auth;
    }

    @Override
    public String bootstrapServers() {
        return kafka.getBootstrapServers();
    }

    @Override
    public String jdbcUrl() {
        return postgres.getJdbcUrl();
    }

    @Override
    public Map<String, Path> roots() {
        return roots;
    }

    @Override
    public void close() {
        postgres.stop();
        kafka.stop();
    }
}
