package io.darkroom.process.messaging;

import io.darkroom.contracts.JobEvent;
import io.darkroom.contracts.Json;
import io.darkroom.process.config.DarkroomConfig;
import io.darkroom.process.domain.HistoryRow;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/** Publishes a job state change as a JobEvent on darkroom.jobs.events, keyed by jobId, awaiting the ack. */
@ApplicationScoped
public class JobEventSender {
    private final KafkaClients kafka;
    private final String topic;

    public JobEventSender(KafkaClients kafka, DarkroomConfig config) {
        this.kafka = kafka;
        this.topic = config.topics().jobsEvents();
    }

    public void send(HistoryRow row) {
        JobEvent event = new JobEvent(
                row.eventId().toString(), row.at(), row.jobId().toString(), row.to(), row.from(), row.reason());
        kafka.send(
                topic,
                row.jobId().toString(),
                Json.write(event),
                Map.of("darkroom-event-id", row.eventId().toString()));
    }
}
