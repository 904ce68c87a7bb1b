package io.darkroom.process.messaging;

import io.darkroom.contracts.Json;
import io.darkroom.contracts.WorkerControl;
import io.darkroom.process.config.DarkroomConfig;
import io.darkroom.security.CommandSignature;
import io.darkroom.security.SigningKeys;
import io.darkroom.security.http.SecurityConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Publishes commands to the workers on darkroom.workers.control, awaiting the broker's acknowledgement. Key: the
 * jobId for CancelTasks, the workerId for Drain/Undrain (so commands about one worker stay in order). Each record is
 * signed with the site's token key ({@code darkroom.security.private-key-file}, header
 * {@value CommandSignature#HEADER}): workers obey only commands that verify with {@code darkroom.security.public-key}.
 * Without a private key (an OpenID provider only) commands go unsigned, and workers must be told to accept them.
 */
@ApplicationScoped
public class ControlPublisher {
    private static final Logger LOG = Logger.getLogger(ControlPublisher.class);
    private final KafkaClients kafka;
    private final String topic;
    private final PrivateKey key;

    public ControlPublisher(KafkaClients kafka, DarkroomConfig config, SecurityConfig security) {
        this.kafka = kafka;
        this.topic = config.topics().workersControl();
        this.key = security.privateKeyFile()
                .filter(f -> !f.isBlank())
                .map(f -> SigningKeys.readPrivate(Path.of(f)))
                .orElse(null);
        if (key == null) {
            LOG.warn("no darkroom.security.private-key-file: commands to workers go unsigned; workers obey them only"
                    + " with darkroom.worker.control-accept-unsigned=true");
        }
    }

    /** @throws SendFailedException when the broker did not acknowledge in time */
    public void publish(WorkerControl command) {
        String value = Json.write(command);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("darkroom-event-id", command.eventId());
        if (key != null) {
            headers.put(CommandSignature.HEADER, CommandSignature.sign(key, value));
        }
        kafka.send(topic, key(command), value, headers);
    }

    static String key(WorkerControl command) {
        if (command instanceof WorkerControl.CancelTasks c) {
            return c.jobId();
        } else if (command instanceof WorkerControl.Drain d) {
            return d.workerId();
        }
        return ((WorkerControl.Undrain) command).workerId();
    }
}
