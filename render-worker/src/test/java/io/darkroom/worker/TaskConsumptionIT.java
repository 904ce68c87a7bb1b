package io.darkroom.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darkroom.contracts.FailureReason;
import io.darkroom.contracts.Json;
import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.RenderTask;
import io.darkroom.contracts.SourceRef;
import io.darkroom.contracts.TaskEvent;
import io.darkroom.contracts.Topics;
import io.darkroom.contracts.WorkerHeartbeat;
import io.darkroom.local.test.DarkroomTestResource;
import io.darkroom.media.Probe;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The worker against a real Kafka 4.4 broker: a task record on darkroom.tasks.cpu is taken through the share group,
 * rendered for real, reported once, and ACCEPTed (the share group's start offset moves past it).
 */
@QuarkusTest
@WithTestResource(value = DarkroomTestResource.class, scope = TestResourceScope.GLOBAL)
class TaskConsumptionIT {
    private static final String GOPRO = "timecode/gopro_max_h264_tmcd_gpmf.mp4";
    private static final String CORRUPT = "corrupt/vp9_profile2_invalid_bitstream.webm";
    private static final String TASKS = Topics.tasks("cpu");
    private static final String GROUP = Topics.workerGroup("cpu");

    private static final List<TaskEvent> EVENTS = new CopyOnWriteArrayList<>();
    private static Thread collector;
    private static volatile boolean collecting;

    @BeforeEach
    void collectEvents() {
        if (collector == null) {
            collecting = true;
            collector = new Thread(TaskConsumptionIT::collect, "it-events");
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
    void renderedTaskIsReportedOnceAndAccepted() throws Exception {
        MediaInfo info = Probe.probe(DarkroomTestResource.storageRoot("media").resolve(GOPRO));
        long frameUs = 1_000_000L * info.fpsDen() / info.fpsNum();
        long frames = Math.round(2 * info.fps());
        RenderTask task = task(
                new SourceRef("media", GOPRO),
                info.startUs() - frameUs / 2,
                info.startUs() + frames * frameUs - frameUs / 2,
                frames,
                info.fpsNum(),
                info.fpsDen());

        RecordMetadata sent = publish(task);

        await().atMost(Duration.ofSeconds(120))
                .until(() -> !of(task, TaskEvent.TaskDone.class).isEmpty());
        assertThat(of(task, TaskEvent.TaskStarted.class)).hasSize(1);
        assertThat(of(task, TaskEvent.TaskFailed.class)).isEmpty();
        TaskEvent.TaskDone done = of(task, TaskEvent.TaskDone.class).get(0);
        assertThat(done.attempt()).isEqualTo(1);
        assertThat(done.delivery()).isEqualTo(1);
        assertThat(done.files()).hasSize(1);
        TaskEvent.SegmentFile file = done.files().get(0);
        assertThat(file.file().root()).isEqualTo("work");
        assertThat(file.file().path()).endsWith(".review.a1-d1-" + done.workerId() + ".mp4");
        Path written =
                DarkroomTestResource.storageRoot("work").resolve(file.file().path());
        assertThat(written).exists();
        MediaInfo out = Probe.probe(written);
        assertThat(out.videoCodec()).isEqualTo("h264");
        assertThat(out.displayWidth()).isEqualTo(424);
        assertThat(out.displayHeight()).isEqualTo(240);
        assertThat(out.frameCount()).isEqualTo(frames).isEqualTo(file.frames());

        assertAcceptedOnce(task, sent);
        assertThat(of(task, TaskEvent.TaskDone.class)).hasSize(1);
    }

    @Test
    void corruptSourceFailsOnceWithBadInputAndIsNotRedelivered() throws Exception {
        RenderTask task = task(new SourceRef("media", CORRUPT), 0, Long.MAX_VALUE, 48, 24, 1);

        RecordMetadata sent = publish(task);

        await().atMost(Duration.ofSeconds(60))
                .until(() -> !of(task, TaskEvent.TaskFailed.class).isEmpty());
        TaskEvent.TaskFailed failed = of(task, TaskEvent.TaskFailed.class).get(0);
        assertThat(failed.reason()).isEqualTo(FailureReason.BAD_INPUT);
        assertThat(failed.message()).contains("vp9_profile2_invalid_bitstream.webm");
        assertThat(of(task, TaskEvent.TaskDone.class)).isEmpty();

        assertAcceptedOnce(task, sent);
        assertThat(of(task, TaskEvent.TaskFailed.class)).hasSize(1);
    }

    @Test
    void heartbeatsAnnounceTheWorkerItsPoolAndEncoders() {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        DarkroomTestResource.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "it-heartbeats-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.WORKERS_HEARTBEAT));
            List<WorkerHeartbeat> beats = new CopyOnWriteArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(200))
                        .forEach(r -> beats.add(Json.read(r.value(), WorkerHeartbeat.class)));
                return beats.stream().anyMatch(b -> b.state() == WorkerHeartbeat.WorkerState.UP);
            });
            WorkerHeartbeat hb = beats.stream()
                    .filter(b -> b.state() == WorkerHeartbeat.WorkerState.UP)
                    .findFirst()
                    .orElseThrow();
            assertThat(hb.pool()).isEqualTo("cpu");
            assertThat(hb.slots()).isEqualTo(1);
            assertThat(hb.workerId()).isNotBlank();
            assertThat(hb.capabilities().encoders()).contains("libx264", "ffv1");
            assertThat(hb.capabilities().cpus()).isPositive();
        }
    }

    /**
     * The worker makes its pool's task topic with one partition: a share group splits partitions between members while
     * it has fewer members than partitions, and a free worker cannot take a task waiting on another's partition.
     */
    @Test
    void taskTopicHasOnePartitionSharedByEverySlot() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", DarkroomTestResource.bootstrapServers()))) {
            var topic = admin.describeTopics(List.of(TASKS))
                    .allTopicNames()
                    .get(10, TimeUnit.SECONDS)
                    .get(TASKS);
            assertThat(topic.partitions()).hasSize(Topics.TASK_PARTITIONS).hasSize(1);
        }
    }

    /** The share group holds no unacknowledged record at or before ours (it was ACCEPTed); it was started once. */
    private static void assertAcceptedOnce(RenderTask task, RecordMetadata sent) {
        TopicPartition tp = new TopicPartition(sent.topic(), sent.partition());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", DarkroomTestResource.bootstrapServers()))) {
            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> {
                        Map<TopicPartition, SharePartitionOffsetInfo> offsets = admin.listShareGroupOffsets(
                                        Map.of(GROUP, new ListShareGroupOffsetsSpec()))
                                .partitionsToOffsetInfo(GROUP)
                                .get(10, TimeUnit.SECONDS);
                        assertThat(offsets.get(tp))
                                .as("share-group offset of %s", tp)
                                .isNotNull();
                        // 4.4: while a record is held the partition's lag counts it (1); once ACCEPTed the lag is 0 and
                        // the
                        // start offset stands at it (it only moves beyond the last record of the log when a later one
                        // comes)
                        assertThat(offsets.get(tp).startOffset()).isGreaterThanOrEqualTo(sent.offset());
                        assertThat(offsets.get(tp).lag()).contains(0L);
                    });
        }
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(5))
                .until(() -> of(task, TaskEvent.TaskStarted.class).size() == 1);
    }

    private static RenderTask task(SourceRef source, long startUs, long endUs, long frames, int fpsNum, int fpsDen) {
        String taskId = "it-" + UUID.randomUUID();
        String jobId = "job-" + UUID.randomUUID();
        return new RenderTask(
                RenderTask.SCHEMA,
                taskId,
                jobId,
                "clip-1",
                1,
                RenderTask.TaskKind.VIDEO_SEGMENT,
                source,
                0,
                startUs,
                endUs,
                frames,
                fpsNum,
                fpsDen,
                0,
                List.of(RenderTask.RenderOutput.of("review", "h264-review", 424, 240)),
                new SourceRef("work", "it/" + jobId + "/" + taskId + "/seg00000"),
                null,
                null,
                null,
                null,
                null);
    }

    private static RecordMetadata publish(RenderTask task) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        DarkroomTestResource.bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new StringSerializer(),
                new StringSerializer())) {
            return producer.send(new ProducerRecord<>(TASKS, task.taskId(), Json.write(task)))
                    .get(30, TimeUnit.SECONDS);
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
                        "it-events-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.TASKS_EVENTS));
            while (collecting) {
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    EVENTS.add(Json.read(r.value(), TaskEvent.class));
                }
            }
        }
    }
}
