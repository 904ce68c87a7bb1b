package io.darkroom.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darkroom.contracts.FailureReason;
import io.darkroom.contracts.Json;
import io.darkroom.contracts.RenderTask;
import io.darkroom.contracts.SourceRef;
import io.darkroom.contracts.TaskEvent;
import io.darkroom.contracts.Topics;
import io.darkroom.contracts.WorkerControl;
import io.darkroom.contracts.WorkerHeartbeat;
import io.darkroom.contracts.WorkerHeartbeat.WorkerState;
import io.darkroom.local.test.DarkroomTestResource;
import io.darkroom.security.CommandSignature;
import io.darkroom.worker.service.WorkerControlService;
import io.darkroom.worker.service.WorkerIdentity;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The control topic against a real broker and a real render: CancelTasks stops a running render within 5 s and
 * leaves no file; a record of an already cancelled job is skipped; Drain stops the worker taking work, Undrain
 * resumes it.
 */
@QuarkusTest
@WithTestResource(value = DarkroomTestResource.class, scope = TestResourceScope.GLOBAL)
class WorkerControlIT {
    private static final Logger LOG = Logger.getLogger(WorkerControlIT.class);
    /** 6 min of black 1080p30 H.264: decodes fast, long enough for a render that takes many seconds. */
    private static final String LONG = "generated/h264_1080p30_6min_black_aac.mp4";

    private static final long FRAME_US = 1_000_000L / 30;
    private static final Duration CANCEL_LIMIT = Duration.ofSeconds(5);

    private static final List<TaskEvent> EVENTS = new CopyOnWriteArrayList<>();
    private static final List<WorkerHeartbeat> BEATS = new CopyOnWriteArrayList<>();
    private static Thread collector;
    private static volatile boolean collecting;

    @Inject
    WorkerIdentity identity;

    @Inject
    WorkerControlService control;

    @BeforeEach
    void ready() {
        if (collector == null) {
            collecting = true;
            collector = new Thread(WorkerControlIT::collect, "it-control-events");
            collector.setDaemon(true);
            collector.start();
        }
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> RestAssured.get("/q/health/ready").statusCode() == 200);
    }

    @AfterAll
    static void stopCollecting() throws InterruptedException {
        collecting = false;
        if (collector != null) {
            collector.join(5000);
            collector = null;
        }
    }

    @Test
    void cancelStopsARunningRenderWithinFiveSecondsAndRemovesItsFiles() throws Exception {
        // 60 s of 1080p from minute 2: far longer to render than the cancel may take
        RenderTask task = task(120, 60 * 30);
        send(Topics.tasks("cpu"), task.taskId(), task);
        await().atMost(Duration.ofSeconds(90))
                .until(() -> of(task, TaskEvent.TaskProgress.class).stream().anyMatch(p -> p.framesDone() > 0));
        assertThat(partFiles(task)).as("the render is writing").isNotEmpty();

        long t0 = System.nanoTime();
        send(
                Topics.WORKERS_CONTROL,
                task.jobId(),
                new WorkerControl.CancelTasks(
                        UUID.randomUUID().toString(),
                        Instant.now(),
                        task.jobId(),
                        List.of(task.taskId()),
                        "cancelled by it: test"));
        await().atMost(CANCEL_LIMIT)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> !of(task, TaskEvent.TaskFailed.class).isEmpty());
        long latencyMs = (System.nanoTime() - t0) / 1_000_000;
        LOG.infof("cancel latency (control message sent -> failed event seen): %d ms", latencyMs);

        TaskEvent.TaskFailed failed = of(task, TaskEvent.TaskFailed.class).get(0);
        assertThat(failed.reason()).isEqualTo(FailureReason.CANCELLED);
        assertThat(failed.message()).contains("cancelled by it: test");
        long framesAtCancel = of(task, TaskEvent.TaskProgress.class).stream()
                .mapToLong(TaskEvent.TaskProgress::framesDone)
                .max()
                .orElse(0);
        assertThat(framesAtCancel).isLessThan(task.expectedFrames());
        assertThat(outputFiles(task)).as("no output and no .part file left").isEmpty();
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(3))
                .until(() -> of(task, TaskEvent.TaskDone.class).isEmpty()
                        && of(task, TaskEvent.TaskFailed.class).size() == 1);
        assertThat(control.running().cancel(task.jobId(), List.of(), "again"))
                .as("nothing left running")
                .isZero();
    }

    @Test
    void aRecordOfAnAlreadyCancelledJobIsSkippedWithoutRendering() throws IOException {
        RenderTask task = task(0, 30);
        send(
                Topics.WORKERS_CONTROL,
                task.jobId(),
                new WorkerControl.CancelTasks(
                        UUID.randomUUID().toString(),
                        Instant.now(),
                        task.jobId(),
                        List.of(),
                        "cancelled by it: whole job"));
        await().atMost(Duration.ofSeconds(10)).until(() -> control.cancelled(task.jobId(), task.taskId()));

        send(Topics.tasks("cpu"), task.taskId(), task);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> !of(task, TaskEvent.TaskFailed.class).isEmpty());
        assertThat(of(task, TaskEvent.TaskFailed.class).get(0).reason()).isEqualTo(FailureReason.CANCELLED);
        assertThat(of(task, TaskEvent.TaskStarted.class)).isEmpty();
        assertThat(outputFiles(task)).isEmpty();
    }

    @Test
    void drainStopsTakingWorkAndUndrainResumes() {
        String me = identity.workerId();
        Instant before = Instant.now();
        send(
                Topics.WORKERS_CONTROL,
                me,
                new WorkerControl.Drain(UUID.randomUUID().toString(), Instant.now(), me));
        await().atMost(Duration.ofSeconds(5)).until(() -> lastBeatSince(me, before) == WorkerState.DRAINING);
        try {
            RenderTask task = task(0, 30);
            send(Topics.tasks("cpu"), task.taskId(), task);
            await().during(Duration.ofSeconds(4))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> of(task, TaskEvent.TaskStarted.class).isEmpty());
            assertThat(lastBeatSince(me, before)).isEqualTo(WorkerState.DRAINING);

            Instant undrained = Instant.now();
            send(
                    Topics.WORKERS_CONTROL,
                    me,
                    new WorkerControl.Undrain(UUID.randomUUID().toString(), Instant.now(), me));
            await().atMost(Duration.ofSeconds(5)).until(() -> lastBeatSince(me, undrained) == WorkerState.UP);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> !of(task, TaskEvent.TaskDone.class).isEmpty());
            assertThat(of(task, TaskEvent.TaskDone.class).get(0).workerId()).isEqualTo(me);
        } finally {
            send(
                    Topics.WORKERS_CONTROL,
                    me,
                    new WorkerControl.Undrain(UUID.randomUUID().toString(), Instant.now(), me));
        }
    }

    /**
     * The control topic is writable by anyone who reaches the broker: a drain nobody signed, one signed by a key the
     * worker does not trust, and a signed drain altered on the way are all ignored; the worker keeps working.
     */
    @Test
    void aDrainNotSignedWithTheSiteKeyIsIgnored() throws Exception {
        String me = identity.workerId();
        Instant before = Instant.now();
        String drain = Json.write(new WorkerControl.Drain(UUID.randomUUID().toString(), Instant.now(), me));
        KeyPair stranger = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        String forOther = Json.write(new WorkerControl.Drain(UUID.randomUUID().toString(), Instant.now(), "other"));
        send(Topics.WORKERS_CONTROL, me, drain, null);
        send(Topics.WORKERS_CONTROL, me, drain, CommandSignature.sign(stranger.getPrivate(), drain));
        send(
                Topics.WORKERS_CONTROL,
                me,
                forOther.replace("\"other\"", "\"" + me + "\""),
                CommandSignature.sign(DarkroomTestResource.auth().keys().getPrivate(), forOther));
        await().during(Duration.ofSeconds(4))
                .atMost(Duration.ofSeconds(6))
                .until(() -> lastBeatSince(me, before) == WorkerState.UP);
        RenderTask task = task(0, 10);
        send(Topics.tasks("cpu"), task.taskId(), task);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> !of(task, TaskEvent.TaskDone.class).isEmpty());
    }

    /** A segment of the long clip from second {@code fromS}, {@code frames} frames, one small h264 output. */
    private static RenderTask task(int fromS, long frames) {
        String taskId = "it-" + UUID.randomUUID();
        String jobId = "job-" + UUID.randomUUID();
        long start = fromS * 1_000_000L - FRAME_US / 2;
        return new RenderTask(
                RenderTask.SCHEMA,
                taskId,
                jobId,
                "clip-1",
                1,
                RenderTask.TaskKind.VIDEO_SEGMENT,
                new SourceRef("media", LONG),
                0,
                start,
                start + frames * FRAME_US,
                frames,
                30,
                1,
                0,
                List.of(RenderTask.RenderOutput.of("review", "h264-review", 424, 240)),
                new SourceRef("work", "it-control/" + jobId + "/" + taskId + "/seg00000"),
                null,
                null,
                null,
                null,
                null);
    }

    private static List<Path> outputFiles(RenderTask task) throws IOException {
        Path prefix = DarkroomTestResource.storageRoot("work")
                .resolve(task.outputPrefix().path());
        if (!Files.isDirectory(prefix.getParent())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(prefix.getParent())) {
            return files.filter(p -> p.getFileName()
                            .toString()
                            .startsWith(prefix.getFileName().toString()))
                    .toList();
        }
    }

    private static List<Path> partFiles(RenderTask task) throws IOException {
        return outputFiles(task).stream()
                .filter(p -> p.toString().endsWith(".part"))
                .toList();
    }

    private static WorkerState lastBeatSince(String workerId, Instant since) {
        return BEATS.stream()
                .filter(b -> b.workerId().equals(workerId) && b.time().isAfter(since))
                .reduce((a, b) -> b)
                .map(WorkerHeartbeat::state)
                .orElse(null);
    }

    /** Sends a record; one for the control topic is signed with the site's token key, as process-service does. */
    private static void send(String topic, String key, Object value) {
        String json = Json.write(value);
        send(
                topic,
                key,
                json,
                Topics.WORKERS_CONTROL.equals(topic)
                        ? CommandSignature.sign(
                                DarkroomTestResource.auth().keys().getPrivate(), json)
                        : null);
    }

    private static void send(String topic, String key, String json, String signature) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        DarkroomTestResource.bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new StringSerializer(),
                new StringSerializer())) {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, json);
            if (signature != null) {
                record.headers().add(CommandSignature.HEADER, signature.getBytes(StandardCharsets.UTF_8));
            }
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot send to " + topic, e);
        }
    }

    private static <T extends TaskEvent> List<T> of(RenderTask task, Class<T> type) {
        return EVENTS.stream()
                .filter(type::isInstance)
                .map(type::cast)
                .filter(e -> e.taskId().equals(task.taskId()))
                .toList();
    }

    private static void collect() {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        DarkroomTestResource.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "it-control-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.TASKS_EVENTS, Topics.WORKERS_HEARTBEAT));
            while (collecting) {
                for (var r : consumer.poll(Duration.ofMillis(100))) {
                    if (r.value() == null) {
                        continue;
                    }
                    if (r.topic().equals(Topics.TASKS_EVENTS)) {
                        EVENTS.add(Json.read(r.value(), TaskEvent.class));
                    } else {
                        BEATS.add(Json.read(r.value(), WorkerHeartbeat.class));
                    }
                }
            }
        }
    }
}
