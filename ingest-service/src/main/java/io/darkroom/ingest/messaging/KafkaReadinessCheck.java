package io.darkroom.ingest.messaging;

import io.darkroom.ingest.config.IngestConfig;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while a broker answers within a few seconds: a client may get 202 only from an instance that can
 * reach Kafka. (Replaces Quarkus' built-in check, which waits the full default API timeout of 60 s.)
 */
@Readiness
@ApplicationScoped
public class KafkaReadinessCheck implements HealthCheck {
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final Map<String, Object> kafka;
    private final IngestConfig config;
    private Admin admin;

    public KafkaReadinessCheck(@Identifier("default-kafka-broker") Map<String, Object> kafka, IngestConfig config) {
        this.kafka = kafka;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        var builder = HealthCheckResponse.named("kafka")
                .withData("topic", config.topics().jobsSubmitted());
        try {
            int nodes = admin().describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
                    .nodes()
                    .get(TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS)
                    .size();
            return builder.up().withData("brokers", nodes).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return builder.down().withData("reason", "interrupted").build();
        } catch (Exception e) {
            return builder.down()
                    .withData("reason", String.valueOf(e.getCause() == null ? e : e.getCause()))
                    .build();
        }
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(IngestKafka.admin(kafka, TIMEOUT));
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
