package io.darkroom.process.config;

import io.darkroom.process.messaging.TopicSetup;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

/**
 * At boot, before the Kafka channels start: checks settings (a bad value stops boot, naming the key) and creates
 * topics and share-group configs (a broker that is not reachable yet is logged; the dispatcher sets up each pool
 * again before its first publish).
 */
@ApplicationScoped
public class Startup {
    private static final Logger LOG = Logger.getLogger(Startup.class);

    void onStart(
            @Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event,
            DarkroomConfig config,
            TopicSetup topics) {
        check(config);
        if (!topics.ensureAll()) {
            LOG.error("topics or share-group configs not fully set up; pools are set up again before dispatch");
        }
    }

    static void check(DarkroomConfig config) {
        require(
                config.planner().segmentFrames() >= 1,
                "darkroom.planner.segment-frames must be at least 1, was "
                        + config.planner().segmentFrames());
        require(
                config.dispatch().maxAttempts() >= 1,
                "darkroom.dispatch.max-attempts must be at least 1, was "
                        + config.dispatch().maxAttempts());
        require(!config.dispatch().pools().isEmpty(), "darkroom.dispatch.pools must name at least one pool");
        require(config.topics().partitions() >= 1, "darkroom.topics.partitions must be at least 1");
        require(config.assembly().threads() >= 1, "darkroom.assembly.threads must be at least 1");
        require(
                config.storage().roots().containsKey("work"),
                "darkroom.storage.roots.work must be set (attempt outputs are written there)");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalStateException(message);
        }
    }
}
