package io.darkroom.ingest.messaging;

import io.darkroom.ingest.config.IngestConfig;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/**
 * Creates {@code darkroom.jobs.submitted} (4 partitions by default) idempotently (Admin createTopics; an existing
 * topic is left as it is). Tried at startup; when the
 * broker is not reachable then, boot goes on and the first publish tries again, so the topic is never left to
 * broker auto-creation with the wrong partition count.
 */
@ApplicationScoped
public class JobsTopic {
    private static final Logger LOG = Logger.getLogger(JobsTopic.class);
    private final Map<String, Object> kafka;
    private final IngestConfig.TopicsConfig topics;
    /** Half the send timeout, so a request that must create the topic first still answers within it. */
    private final Duration timeout;

    private volatile boolean ready;

    public JobsTopic(@Identifier("default-kafka-broker") Map<String, Object> kafka, IngestConfig config) {
        this.kafka = kafka;
        this.topics = config.topics();
        this.timeout = config.kafka().sendTimeout().dividedBy(2);
    }

    void onStart(@Observes @Priority(10) StartupEvent event) {
        try {
            ensure();
        } catch (RuntimeException e) {
            LOG.warnf(
                    "could not create topic %s at startup (%s); will retry on the first job",
                    topics.jobsSubmitted(), e.getMessage());
        }
    }

    public String name() {
        return topics.jobsSubmitted();
    }

    /** Creates the topic unless this process already saw it exist. */
    public void ensure() {
        if (ready) {
            return;
        }
        synchronized (this) {
            if (!ready) {
                create();
                ready = true;
            }
        }
    }

    private void create() {
        NewTopic topic = new NewTopic(topics.jobsSubmitted(), topics.partitions(), topics.replicationFactor());
        try (Admin admin = Admin.create(IngestKafka.admin(kafka, timeout))) {
            admin.createTopics(List.of(topic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            LOG.infof("created topic %s with %d partitions", topic.name(), topic.numPartitions());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(
                        "cannot create topic " + topic.name() + ": " + e.getCause(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + topic.name(), e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("broker did not answer within " + timeout.toMillis() + " ms", e);
        }
    }
}
