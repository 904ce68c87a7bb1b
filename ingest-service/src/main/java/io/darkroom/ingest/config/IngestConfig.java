package io.darkroom.ingest.config;

import io.darkroom.contracts.Topics;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** All of ingest-service's own settings, prefix {@code darkroom}. Checked at boot by {@link IngestConfigValidator}. */
@ConfigMapping(prefix = "darkroom")
public interface IngestConfig {

    Storage storage();

    /** Base URL of process-service; the 202 answer points at {@code <process-url>/jobs/<jobId>}. */
    @WithDefault("http://localhost:8082")
    String processUrl();

    /** Worker pools a job may name. */
    @WithDefault("cpu,gpu")
    List<String> pools();

    TopicsConfig topics();

    Kafka kafka();

    /**
     * The repository root, set as a system property by surefire for tests ({@code darkroom.root}). Unused here, but
     * declared so that strict mapping (which refuses unknown {@code darkroom.*} keys, catching typos) accepts it.
     */
    Optional<String> root();

    interface Storage {
        /** Storage root name to host path, e.g. {@code darkroom.storage.roots.media=/mnt/media}. */
        Map<String, String> roots();
    }

    interface TopicsConfig {
        @WithDefault(Topics.JOBS_SUBMITTED)
        String jobsSubmitted();

        /** Partitions of the topics this service creates. */
        @WithDefault("4")
        int partitions();

        @WithDefault("1")
        short replicationFactor();
    }

    interface Kafka {
        /** How long a publish may wait for the broker's acknowledgement before the request is answered 503. */
        @WithDefault("10s")
        Duration sendTimeout();
    }
}
