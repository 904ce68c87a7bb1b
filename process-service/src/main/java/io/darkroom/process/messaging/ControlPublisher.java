package io.darkroom.process.messaging;

import io.darkroom.contracts.Json;
import io.darkroom.contracts.WorkerControl;
import io.darkroom.process.config.DarkroomConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * Publishes commands to the workers on darkroom.workers.control, awaiting the broker's acknowledgement. Key: the
 * jobId for CancelTasks, the workerId for Drain/Undrain (so commands about one worker stay in order).
 */
@ApplicationScoped
public class ControlPublisher {
    private final KafkaClients kafka;
    private final String topic;

    public ControlPublisher(KafkaClients kafka, DarkroomConfig config) {
        this.kafka = kafka;
        this.topic = config.topics().workersControl();
    }

    /** @throws SendFailedException when the broker did not acknowledge in time */
    public void publish(WorkerControl command) {
        kafka.send(topic, key(command), Json.write(command), Map.of("darkroom-event-id", command.eventId()));
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
