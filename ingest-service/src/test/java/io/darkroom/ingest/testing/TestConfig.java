package io.darkroom.ingest.testing;

import io.darkroom.ingest.config.IngestConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link IngestConfig} as plain records, for tests without Quarkus. */
public final class TestConfig {
    private TestConfig() {
    }

    public record Cfg(Storage storage, String processUrl, List<String> pools, TopicsConfig topics, Kafka kafka)
            implements IngestConfig {
        @Override
        public Optional<String> root() {
            return Optional.empty();
        }
    }

    public record St(Map<String, String> roots) implements IngestConfig.Storage {
    }

    public record Tp(String jobsSubmitted, int partitions, short replicationFactor) implements IngestConfig.TopicsConfig {
    }

    public record Kf(Duration sendTimeout) implements IngestConfig.Kafka {
    }

    public static Cfg good() {
        return new Cfg(new St(Map.of("media", "/mnt/media", "out", "/mnt/out")), "http://localhost:8082",
                List.of("cpu", "gpu"), new Tp("darkroom.jobs.submitted", 4, (short) 1), new Kf(Duration.ofSeconds(10)));
    }
}
