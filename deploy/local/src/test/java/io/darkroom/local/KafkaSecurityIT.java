package io.darkroom.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.darkroom.contracts.Topics;
import io.darkroom.messaging.KafkaAcls;
import io.darkroom.messaging.KafkaSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The secured broker of the local stack (the one every end-to-end test runs on): SCRAM sign-in or nothing, and each
 * service's principal held to its {@link KafkaAcls}. Each refusal is paired with an allowed call of the same kind,
 * so a broker that refused everything would fail this test too.
 */
class KafkaSecurityIT {
    @TempDir
    static Path dir;

    static LocalStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = LocalStack.start(dir, 0, 1, 0, Map.of(), true);
        try (Admin admin = Admin.create(stack.kafkaClientSettings(KafkaUsers.ADMIN))) {
            List<NewTopic> topics = List.of(
                            Topics.JOBS_SUBMITTED, Topics.WORKERS_CONTROL, Topics.TASKS_EVENTS, Topics.tasks("cpu"))
                    .stream()
                    .map(t -> new NewTopic(t, 1, (short) 1))
                    .toList();
            admin.createTopics(topics).all().get();
        }
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aClientWithoutCredentialsGetsNothing() {
        Map<String, Object> plain = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        try (Admin admin = Admin.create(
                KafkaSettings.admin(plain, "no-credentials", Duration.ofSeconds(2), Duration.ofSeconds(4)))) {
            assertThatThrownBy(() -> admin.listTopics().names().get())
                    .as("a plaintext client on the SASL listener")
                    .hasCauseInstanceOf(TimeoutException.class);
        }
        try (Admin admin = Admin.create(stack.kafkaClientSettings(KafkaAcls.PROCESS))) {
            assertThat(admin.listTopics().names().get(30, java.util.concurrent.TimeUnit.SECONDS))
                    .as("the same call signed in")
                    .contains(Topics.JOBS_SUBMITTED);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aWrongPasswordIsRefusedByName() {
        Map<String, Object> forged = new HashMap<>(stack.kafkaClientSettings(KafkaAcls.PROCESS));
        forged.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + KafkaAcls.PROCESS
                        + "\" password=\"guessed\";");
        try (Admin admin = Admin.create(forged)) {
            assertThatThrownBy(() -> admin.listTopics().names().get())
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void aWorkerMayNeitherSubmitJobsNorCommandWorkers() throws Exception {
        assertThat(send(KafkaAcls.WORKER, Topics.TASKS_EVENTS))
                .as("a worker reports task events")
                .isNull();
        assertThat(send(KafkaAcls.WORKER, Topics.JOBS_SUBMITTED))
                .as("a worker submitting a job")
                .isInstanceOf(TopicAuthorizationException.class);
        assertThat(send(KafkaAcls.WORKER, Topics.WORKERS_CONTROL))
                .as("a worker sending a control command")
                .isInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void onlyProcessServiceCommandsWorkersAndOnlyIngestSubmits() throws Exception {
        assertThat(send(KafkaAcls.PROCESS, Topics.WORKERS_CONTROL)).isNull();
        assertThat(send(KafkaAcls.INGEST, Topics.JOBS_SUBMITTED)).isNull();
        assertThat(send(KafkaAcls.INGEST, Topics.WORKERS_CONTROL)).isInstanceOf(TopicAuthorizationException.class);
        assertThat(send(KafkaAcls.INGEST, Topics.TASKS_EVENTS))
                .as("ingest forging a task's result")
                .isInstanceOf(TopicAuthorizationException.class);
        assertThat(send(KafkaAcls.INGEST, Topics.tasks("cpu")))
                .as("ingest dispatching a task")
                .isInstanceOf(TopicAuthorizationException.class);
        assertThat(send(KafkaAcls.WORKER, Topics.tasks("cpu")))
                .as("a worker dispatching a task")
                .isInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void aWorkerMayNotCreateTopics() throws Exception {
        try (Admin admin = Admin.create(stack.kafkaClientSettings(KafkaAcls.WORKER))) {
            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("darkroom.tasks.rogue", 1, (short) 1)))
                            .all()
                            .get())
                    .cause()
                    .isInstanceOf(TopicAuthorizationException.class);
        }
    }

    /** Sends one record as {@code user}: null when the broker took it, else why not. */
    private static Throwable send(String user, String topic) throws InterruptedException {
        Map<String, Object> p = KafkaSettings.durableProducer(
                stack.kafkaClientSettings(user),
                user + "-probe",
                new KafkaSettings.ProducerTimeouts(
                        Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(20)));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            RecordMetadata meta =
                    producer.send(new ProducerRecord<>(topic, "k", "{}")).get();
            assertThat(meta.topic()).isEqualTo(topic);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TopicAuthorizationException e) {
            return e;
        }
    }
}
