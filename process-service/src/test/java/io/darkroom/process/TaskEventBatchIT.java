package io.darkroom.process;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.darkroom.contracts.Json;
import io.darkroom.contracts.TaskEvent;
import io.darkroom.contracts.Topics;
import io.darkroom.local.test.DarkroomTestResource;
import io.darkroom.process.service.TaskEventService;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: the task events of a poll are applied together, a transaction per chunk, and leave the catalog as
 * applying them one at a time does; a record that cannot be handled goes to the dead-letter topic alone while the
 * rest of its poll is applied; events applied again change nothing. Jobs of no-op tasks in a pool no worker serves,
 * so nothing but these events moves them.
 */
@QuarkusTest
@TestProfile(TaskEventBatchIT.NoopJobsOn.class)
@WithTestResource(value = DarkroomTestResource.class, scope = TestResourceScope.GLOBAL)
class TaskEventBatchIT {
    private static final String POOL = "it-batch";
    private static final String WORKER = "it-worker-batch";
    private static final String DLQ = "darkroom.tasks.events.dlq";

    /** No-op jobs on, in a pool of their own that no worker of another test serves. */
    public static class NoopJobsOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("darkroom.bench.noop-jobs", "true", "darkroom.dispatch.pools", "cpu,gpu," + POOL);
        }
    }

    @Inject
    TaskEventService events;

    @BeforeEach
    void signIn() {
        // another IT class (AuthIT) may have dropped the default token: every class signs in for itself
        ItSupport.signInWithEveryRole();
    }

    @Test
    void aBatchLeavesTheCatalogAsOneEventAtATimeDoes() {
        List<String> batched = noopJobs(3, 4);
        List<String> single = noopJobs(3, 4);

        // started, progress and done of every task: 3 events x 4 tasks x 3 jobs, the jobs' events interleaved
        assertThat(events.applyAll(interleaved(batched))).isEqualTo(36);
        assertThat(interleaved(single).stream().filter(events::apply).count()).isEqualTo(36);

        for (String jobId : batched) {
            JsonPath view = ItSupport.job(jobId);
            assertThat(view.getString("state")).isEqualTo("SUCCEEDED");
            assertThat(view.getInt("promotions")).isEqualTo(4);
            assertThat(view.getList("tasks.state", String.class)).containsOnly("DONE");
            assertThat(view.getList("tasks.workerId", String.class)).containsOnly(WORKER);
        }
        assertThat(batched.stream().map(TaskEventBatchIT::outcome).toList())
                .isEqualTo(single.stream().map(TaskEventBatchIT::outcome).toList());
    }

    @Test
    void aBatchThatCannotBeAppliedWhollyChangesNothing() {
        List<String> jobs = noopJobs(2, 2);
        List<TaskEvent> batch = new ArrayList<>(interleaved(jobs));
        // PostgreSQL refuses a NUL character in text: this event parses, but no transaction can store it
        batch.add(2, nulWorkerStart(jobs.get(0)));
        List<Object> before = jobs.stream().map(TaskEventBatchIT::snapshot).toList();

        assertThatThrownBy(() -> events.applyAll(batch)).isInstanceOf(RuntimeException.class);

        assertThat(jobs.stream().map(TaskEventBatchIT::snapshot).toList()).isEqualTo(before);
        assertThat(ItSupport.job(jobs.get(0)).getList("tasks.state", String.class))
                .containsOnly("PENDING");
    }

    @Test
    void aPoisonedRecordGoesToTheDeadLetterTopicAloneAndTheRestOfItsPollIsApplied() {
        List<String> jobs = noopJobs(2, 3);
        String a = jobs.get(0);
        String b = jobs.get(1);
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        List<TaskEvent> valid = interleaved(jobs);
        valid.subList(0, 6).forEach(e -> records.add(record(e)));
        records.add(new ProducerRecord<>(Topics.TASKS_EVENTS, a, null));
        records.add(new ProducerRecord<>(Topics.TASKS_EVENTS, b, "{\"type\": \"started\", \"jobId\": "));
        records.add(record(nulWorkerStart(a)));
        valid.subList(6, valid.size()).forEach(e -> records.add(record(e)));
        try (var dlq = new ItSupport.TopicReader(DLQ)) {
            sendTogether(records);

            await().atMost(Duration.ofSeconds(60))
                    .until(() -> jobs.stream().allMatch(id -> "SUCCEEDED".equals(ItSupport.jobState(id))));
            for (String jobId : jobs) {
                JsonPath view = ItSupport.job(jobId);
                assertThat(view.getInt("promotions")).isEqualTo(3);
                assertThat(view.getList("tasks.workerId", String.class)).containsOnly(WORKER);
            }
            // the poisoned event is tried on its own with the catalog retries (7.5 s) before it is dead-lettered
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> ours(dlq.records(), jobs).size() >= 3);
            List<ConsumerRecord<String, String>> dead = ours(dlq.records(), jobs);
            assertThat(dead).extracting(ConsumerRecord::key).containsExactlyInAnyOrder(a, b, a);
            assertThat(dead)
                    .extracting(ConsumerRecord::value)
                    .containsExactlyInAnyOrder(
                            null, records.get(7).value(), records.get(8).value());
            assertThat(dead).allSatisfy(r -> assertThat(r.headers().lastHeader("dead-letter-reason"))
                    .isNotNull());
        }
    }

    @Test
    void redeliveredEventsChangeNothing() {
        List<String> jobs = noopJobs(2, 3);
        List<TaskEvent> batch = interleaved(jobs);
        // all but the last job's last done: the redelivery below is followed by it on the same key, so once that job
        // SUCCEEDED every redelivered record before it was handled
        TaskEvent last = batch.get(batch.size() - 1);
        List<TaskEvent> first = batch.subList(0, batch.size() - 1);
        sendTogether(first.stream().map(TaskEventBatchIT::record).toList());
        await().atMost(Duration.ofSeconds(60))
                .until(() -> "SUCCEEDED".equals(ItSupport.jobState(jobs.get(0)))
                        && ItSupport.job(jobs.get(1)).getInt("promotions") == 2);
        List<Object> applied = jobs.stream().map(TaskEventBatchIT::snapshot).toList();

        List<ProducerRecord<String, String>> again =
                new ArrayList<>(first.stream().map(TaskEventBatchIT::record).toList());
        again.add(record(last));
        sendTogether(again);
        await().atMost(Duration.ofSeconds(60)).until(() -> "SUCCEEDED".equals(ItSupport.jobState(jobs.get(1))));

        assertThat(snapshot(jobs.get(0))).isEqualTo(applied.get(0));
        JsonPath view = ItSupport.job(jobs.get(1));
        assertThat(view.getInt("promotions")).isEqualTo(3);
        assertThat(view.getList("tasks.state", String.class)).containsOnly("DONE");
        assertThat(view.getList("history.to", String.class))
                .containsExactly("SUBMITTED", "PLANNED", "ASSEMBLING", "SUCCEEDED");

        // and applied once more in one batch, straight away: nothing changes
        List<Object> done = jobs.stream().map(TaskEventBatchIT::snapshot).toList();
        assertThat(events.applyAll(batch)).isZero();
        assertThat(jobs.stream().map(TaskEventBatchIT::snapshot).toList()).isEqualTo(done);
    }

    /** {@code n} jobs of {@code tasks} no-op tasks each in {@link #POOL}, PLANNED. */
    private static List<String> noopJobs(int n, int tasks) {
        return IntStream.range(0, n)
                .mapToObj(i -> given().contentType("application/json")
                        .body(Json.write(Map.of("tasks", tasks, "pool", POOL)))
                        .post("/bench/noop-jobs")
                        .then()
                        .statusCode(201)
                        .extract()
                        .jsonPath()
                        .getString("jobId"))
                .toList();
    }

    /**
     * Started, progress and done of each task of each job, a job's events in its tasks' order; the jobs' events
     * interleaved (the first event of every job, then the second ...), as one poll of several partitions would mix
     * them.
     */
    private static List<TaskEvent> interleaved(List<String> jobIds) {
        List<List<TaskEvent>> perJob = new ArrayList<>();
        for (String jobId : jobIds) {
            JsonPath view = ItSupport.job(jobId);
            List<String> taskIds = view.getList("tasks.id", String.class);
            List<Integer> attempts = view.getList("tasks.attempt", Integer.class);
            List<TaskEvent> own = new ArrayList<>();
            for (int t = 0; t < taskIds.size(); t++) {
                String taskId = taskIds.get(t);
                int attempt = attempts.get(t);
                Instant now = Instant.now();
                own.add(new TaskEvent.TaskStarted(id(), now, jobId, taskId, attempt, 1, WORKER));
                own.add(new TaskEvent.TaskProgress(id(), now, jobId, taskId, attempt, 1, WORKER, 1, 1));
                own.add(new TaskEvent.TaskDone(id(), now, jobId, taskId, attempt, 1, WORKER, List.of()));
            }
            perJob.add(own);
        }
        List<TaskEvent> all = new ArrayList<>();
        for (int i = 0; i < perJob.get(0).size(); i++) {
            for (List<TaskEvent> own : perJob) {
                all.add(own.get(i));
            }
        }
        return all;
    }

    /** A start of the job's first task by a worker whose id holds a NUL character, which no text column takes. */
    private static TaskEvent nulWorkerStart(String jobId) {
        JsonPath view = ItSupport.job(jobId);
        return new TaskEvent.TaskStarted(
                id(),
                Instant.now(),
                jobId,
                view.getString("tasks[0].id"),
                view.getInt("tasks[0].attempt"),
                1,
                "bad\u0000worker");
    }

    /** What the events decided about a job, without ids and times. */
    private static List<Object> outcome(String jobId) {
        JsonPath view = ItSupport.job(jobId);
        return List.of(
                view.getString("state"),
                view.getInt("promotions"),
                view.getList("history.to", String.class),
                view.getList("clips.state", String.class),
                view.getList("tasks.state", String.class),
                view.getList("tasks.workerId", String.class));
    }

    /** A job as the API shows it, times included. */
    private static Object snapshot(String jobId) {
        return ItSupport.job(jobId).prettify();
    }

    private static ProducerRecord<String, String> record(TaskEvent e) {
        return new ProducerRecord<>(Topics.TASKS_EVENTS, e.jobId(), Json.write(e));
    }

    /** Sends records with one producer, all handed over before any acknowledgement is awaited. */
    private static void sendTogether(List<ProducerRecord<String, String>> records) {
        Properties p = new Properties();
        p.put("bootstrap.servers", DarkroomTestResource.bootstrapServers());
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", StringSerializer.class.getName());
        p.put("acks", "all");
        p.put("linger.ms", "20");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            List<Future<RecordMetadata>> sent =
                    records.stream().map(producer::send).toList();
            for (Future<RecordMetadata> f : sent) {
                f.get(10, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot send to " + Topics.TASKS_EVENTS, e);
        }
    }

    private static List<ConsumerRecord<String, String>> ours(
            List<ConsumerRecord<String, String>> records, List<String> jobIds) {
        Set<String> keys = Set.copyOf(jobIds);
        return records.stream().filter(r -> keys.contains(r.key())).toList();
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }
}
