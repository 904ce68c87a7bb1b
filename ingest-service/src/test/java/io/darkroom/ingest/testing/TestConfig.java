package io.darkroom.ingest.testing;

import io.darkroom.ingest.config.IngestConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link IngestConfig} as plain records, for tests without Quarkus. */
public final class TestConfig {
    private TestConfig() {}

    public record Cfg(
            Storage storage,
            String processUrl,
            List<String> pools,
            TopicsConfig topics,
            Kafka kafka,
            Map<String, WatchFolderConfig> watch,
            WatchState watchState)
            implements IngestConfig {

        public Cfg(Storage storage, String processUrl, List<String> pools, TopicsConfig topics, Kafka kafka) {
            this(storage, processUrl, pools, topics, kafka, Map.of(), new Ws("work", ".darkroom-watch"));
        }

        public Cfg withWatch(Map<String, WatchFolderConfig> watch) {
            return new Cfg(storage, processUrl, pools, topics, kafka, watch, watchState);
        }

        @Override
        public Duration processCheckTimeout() {
            return Duration.ofSeconds(3);
        }

        @Override
        public IngestConfig.Budgets budgets() {
            return new IngestConfig.Budgets() {
                public long outputPixels() {
                    return io.darkroom.recipe.Budgets.DEFAULT_OUTPUT_PIXELS;
                }

                public long sourcePixels() {
                    return io.darkroom.recipe.Budgets.DEFAULT_SOURCE_PIXELS;
                }

                public int tasksPerJob() {
                    return io.darkroom.recipe.Budgets.DEFAULT_TASKS_PER_JOB;
                }

                public int segmentFrames() {
                    return io.darkroom.recipe.Budgets.DEFAULT_SEGMENT_FRAMES;
                }

                public int sourcesPerJob() {
                    return io.darkroom.ingest.domain.SubmitLimits.DEFAULTS.sourcesPerJob();
                }

                public int probeThreads() {
                    return io.darkroom.ingest.domain.SubmitLimits.DEFAULTS.probeThreads();
                }

                public java.time.Duration probeDeadline() {
                    return io.darkroom.ingest.domain.SubmitLimits.DEFAULTS.probeDeadline();
                }

                public long lutBytes() {
                    return io.darkroom.recipe.FileBudgets.DEFAULTS.lutBytes();
                }

                public long cdlBytes() {
                    return io.darkroom.recipe.FileBudgets.DEFAULTS.cdlBytes();
                }

                public long imageBytes() {
                    return io.darkroom.recipe.FileBudgets.DEFAULTS.imageBytes();
                }

                public int lutSize() {
                    return io.darkroom.recipe.FileBudgets.DEFAULTS.lutSize();
                }
            };
        }

        @Override
        public Optional<String> root() {
            return Optional.empty();
        }

        @Override
        public Models models() {
            return Optional::empty;
        }
    }

    public record St(Map<String, String> roots, Map<String, String> modes) implements IngestConfig.Storage {
        public St(Map<String, String> roots) {
            this(roots, Map.of());
        }
    }

    public record Tp(String jobsSubmitted, int partitions, short replicationFactor)
            implements IngestConfig.TopicsConfig {}

    public record Kf(Duration sendTimeout) implements IngestConfig.Kafka {}

    public record Ws(String root, String path) implements IngestConfig.WatchState {}

    public record Wf(
            String root,
            String path,
            Optional<String> recipe,
            Duration stableFor,
            Duration pollInterval,
            String pattern,
            boolean recursive,
            int priority,
            String pool,
            Optional<String> destination)
            implements IngestConfig.WatchFolderConfig {

        @Override
        public Optional<String> identity() {
            return Optional.empty();
        }

        /** A folder with every default and the given recipe. */
        public static Wf of(String root, String path, String recipe) {
            return new Wf(
                    root,
                    path,
                    Optional.ofNullable(recipe),
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(2),
                    io.darkroom.ingest.domain.WatchFiles.DEFAULT_PATTERN,
                    true,
                    50,
                    "cpu",
                    Optional.empty());
        }
    }

    public static Cfg good() {
        return new Cfg(
                new St(Map.of("media", "/mnt/media", "out", "/mnt/out")),
                "http://localhost:8082",
                List.of("cpu", "gpu"),
                new Tp("darkroom.jobs.submitted", 4, (short) 1),
                new Kf(Duration.ofSeconds(10)));
    }
}
