package io.darkroom.ingest.config;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.jboss.logging.Logger;

/** Stops boot when a setting is unusable, naming each bad key. Runs before anything touches Kafka. */
@ApplicationScoped
public class ConfigChecks {
    private static final Logger LOG = Logger.getLogger(ConfigChecks.class);

    void onStart(@Observes @Priority(1) StartupEvent event, IngestConfig config) {
        List<String> problems = IngestConfigValidator.problems(config);
        if (!problems.isEmpty()) {
            throw new ConfigurationException(
                    "ingest-service configuration is invalid:\n  " + String.join("\n  ", problems));
        }
        LOG.infof(
                "storage roots: %s; pools: %s; topic %s",
                config.storage().roots().keySet(),
                config.pools(),
                config.topics().jobsSubmitted());
    }
}
