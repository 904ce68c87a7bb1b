package io.darkroom.process.messaging;

import io.darkroom.messaging.KafkaSettings;
import io.darkroom.process.config.DarkroomConfig;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The producer for everything process-service publishes with an awaited broker acknowledgement (render tasks, job
 * events, dead letters), and Admin clients, all configured from the application's {@code kafka.*} settings.
 */
@ApplicationScoped
public class KafkaClients {
    private final Map<String, Object> base;
    private final Duration sendTimeout;
    private KafkaProducer<String, String> producer;

    public KafkaClients(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, DarkroomConfig config) {
        this.base = new HashMap<>(kafkaConfig);
        this.sendTimeout = config.dispatch().sendTimeout();
    }

    /**
     * Sends and waits for the broker's acknowledgement (acks=all, idempotent producer).
     *
     * @throws SendFailedException when the broker did not acknowledge within the send timeout
     */
    public Instant send(String topic, String key, String value, Map<String, String> headers) {
        return await(sendLater(topic, key, value, headers), topic, key);
    }

    /**
     * Hands a record to the producer without waiting, so that records sent one after another leave together;
     * {@link #await} the answer: when the broker's acknowledgement arrived (taken on the producer's own thread, as it
     * arrives, not when the caller gets round to look).
     */
    public Future<Instant> sendLater(String topic, String key, String value, Map<String, String> headers) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((k, v) -> record.headers().add(k, v == null ? null : v.getBytes(StandardCharsets.UTF_8)));
        CompletableFuture<Instant> acked = new CompletableFuture<>();
        producer().send(record, (metadata, error) -> {
            if (error != null) {
                acked.completeExceptionally(error);
            } else {
                acked.complete(Instant.now());
            }
        });
        return acked;
    }

    /**
     * Waits for the broker's acknowledgement of a {@link #sendLater} (at most the send timeout); returns when it came.
     *
     * @throws SendFailedException when the broker did not acknowledge it
     */
    public Instant await(Future<Instant> sent, String topic, String key) {
        try {
            return sent.get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SendFailedException("interrupted while sending to " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            // an expired batch can leave an idempotent producer with unresolved sequence numbers that fail every
            // later send to that partition: start over with a fresh producer (the send is retried by the caller)
            discardProducer();
            throw new SendFailedException(
                    "broker did not acknowledge the record for " + topic + " (key " + key + "): " + cause, cause);
        }
    }

    public Admin admin() {
        return Admin.create(
                KafkaSettings.admin(base, "darkroom-process-admin", Duration.ofSeconds(15), Duration.ofSeconds(30)));
    }

    private synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            long send = sendTimeout.toMillis();
            producer = new KafkaProducer<>(KafkaSettings.durableProducer(
                    base,
                    "darkroom-process-producer",
                    new KafkaSettings.ProducerTimeouts(
                            sendTimeout,
                            Duration.ofMillis(Math.max(send - 500, 1000)),
                            Duration.ofMillis(Math.max(send, 2000)))));
        }
        return producer;
    }

    private synchronized void discardProducer() {
        KafkaProducer<String, String> old = producer;
        producer = null;
        if (old != null) {
            Thread closer = new Thread(() -> old.close(Duration.ZERO), "darkroom-producer-close");
            closer.setDaemon(true);
            closer.start();
        }
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }
}
