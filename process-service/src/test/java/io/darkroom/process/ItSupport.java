package io.darkroom.process;

import static io.restassured.RestAssured.given;

import io.darkroom.contracts.JobSubmitted;
import io.darkroom.contracts.Json;
import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.OutputSpec;
import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.SourceRef;
import io.darkroom.contracts.Topics;
import io.darkroom.contracts.WorkerHeartbeat;
import io.darkroom.local.test.DarkroomTestResource;
import io.darkroom.media.Probe;
import io.restassured.path.json.JsonPath;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** What the integration tests share: sending records, building submissions from real clips, reading the API. */
final class ItSupport {
    static final String GOPRO = "timecode/gopro_max_h264_tmcd_gpmf.mp4";
    static final String PRORES = "generated/prores_proxy_64x64_24fps_100f.mov";

    private ItSupport() {}

    /**
     * Every request of the calling test class carries a token of subject {@code it-tester} holding every role (the
     * existing ITs test behaviour, the auth ITs test the roles); call from {@code @BeforeEach}.
     */
    static void signInWithEveryRole() {
        // a test's own Authorization header (another caller) replaces this default one, never joins it
        io.restassured.RestAssured.config = io.restassured.RestAssured.config()
                .headerConfig(
                        io.restassured.config.HeaderConfig.headerConfig().overwriteHeadersWithName("Authorization"));
        io.restassured.RestAssured.requestSpecification = new io.restassured.builder.RequestSpecBuilder()
                .addHeader("Authorization", bearer("it-tester", io.darkroom.security.Role.values()))
                .build();
    }

    /** An Authorization header value for {@code subject} with {@code roles}, signed with the test run's key. */
    static String bearer(String subject, io.darkroom.security.Role... roles) {
        return "Bearer " + DarkroomTestResource.token(subject, roles);
    }

    static Path media(String path) {
        return DarkroomTestResource.storageRoot("media").resolve(path);
    }

    static MediaInfo probe(String path) {
        return Probe.probe(media(path));
    }

    /** A submission of one real clip with one h264-review output fitted into {@code maxW x maxH}. */
    static JobSubmitted job(String pool, String clipPath, Integer segmentFrames, int maxW, int maxH) {
        String jobId = UUID.randomUUID().toString();
        String clipName = Path.of(clipPath).getFileName().toString().replaceFirst("\\.[^.]+$", "");
        return new JobSubmitted(
                JobSubmitted.SCHEMA,
                jobId,
                "it " + clipName,
                0,
                pool,
                Recipe.of(List.of(OutputSpec.of("review", "h264-review", maxW, maxH)))
                        .withSegmentFrames(segmentFrames),
                List.of(new JobSubmitted.ProbedSource(clipName, new SourceRef("media", clipPath), probe(clipPath))),
                new SourceRef("out", "it/" + jobId),
                "it",
                Instant.now(),
                null,
                null);
    }

    /** The same submission with another destination (to break the root rules, say). */
    static JobSubmitted withDestination(JobSubmitted base, SourceRef destination) {
        return new JobSubmitted(
                base.schema(),
                base.jobId(),
                base.name(),
                base.priority(),
                base.pool(),
                base.recipe(),
                base.sources(),
                destination,
                base.submittedBy(),
                base.submittedAt(),
                base.jobDate(),
                base.submitter(),
                base.requestSha256());
    }

    static void send(String topic, String key, Object value) {
        Properties p = new Properties();
        p.put("bootstrap.servers", DarkroomTestResource.bootstrapServers());
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", StringSerializer.class.getName());
        p.put("acks", "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>(topic, key, value == null ? null : Json.write(value)))
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot send to " + topic, e);
        }
    }

    static void submit(JobSubmitted job) {
        send(Topics.JOBS_SUBMITTED, job.jobId(), job);
    }

    static void heartbeat(String workerId, String pool, int slots, int busy) {
        send(
                Topics.WORKERS_HEARTBEAT,
                workerId,
                new WorkerHeartbeat(
                        workerId,
                        "it-host",
                        pool,
                        slots,
                        busy,
                        WorkerHeartbeat.WorkerState.UP,
                        new WorkerHeartbeat.Capabilities(List.of("libx264"), null, 2, null),
                        List.of(),
                        Instant.now(),
                        null));
    }

    /** GET /jobs/{id}; null while it does not exist. */
    static JsonPath job(String jobId) {
        var response = given().get("/jobs/" + jobId);
        return response.statusCode() == 200 ? response.jsonPath() : null;
    }

    static String jobState(String jobId) {
        JsonPath job = job(jobId);
        return job == null ? null : job.getString("state");
    }

    /** Reads every record of a topic from the beginning with a plain consumer of its own group. */
    /**
     * Reads a topic from its beginning without a consumer group (partitions assigned directly: no group join, whose
     * rebalance delay on a loaded machine outlasted the tests' waits). Assigns once the topic exists.
     */
    static final class TopicReader implements AutoCloseable {
        private final String topic;
        private final KafkaConsumer<String, String> consumer;
        private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

        TopicReader(String topic) {
            this.topic = topic;
            Properties p = new Properties();
            p.put("bootstrap.servers", DarkroomTestResource.bootstrapServers());
            p.put("allow.auto.create.topics", "false");
            p.put("key.deserializer", StringDeserializer.class.getName());
            p.put("value.deserializer", StringDeserializer.class.getName());
            consumer = new KafkaConsumer<>(p);
        }

        /** Polls briefly and returns everything read so far. */
        List<ConsumerRecord<String, String>> records() {
            if (consumer.assignment().isEmpty()) {
                List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(2)).stream()
                        .map(i -> new TopicPartition(topic, i.partition()))
                        .toList();
                if (parts.isEmpty()) {
                    return List.copyOf(seen);
                }
                consumer.assign(parts);
                consumer.seekToBeginning(parts);
            }
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            return List.copyOf(seen);
        }

        <T> List<T> values(Class<T> type) {
            return records().stream().map(r -> Json.read(r.value(), type)).toList();
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    static Map<String, Object> firstTaskOfKind(JsonPath job, String kind) {
        return job.getMap("tasks.find { it.kind == '" + kind + "' }");
    }
}
