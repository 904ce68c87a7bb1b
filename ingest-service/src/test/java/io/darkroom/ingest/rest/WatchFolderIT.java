package io.darkroom.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.JobSubmitted;
import io.darkroom.contracts.Json;
import io.darkroom.contracts.Topics;
import io.darkroom.ingest.domain.WatchKeys;
import io.darkroom.ingest.testing.TestAuth;
import io.darkroom.ingest.testing.TestMedia;
import io.darkroom.local.test.DarkroomTestResource;
import io.darkroom.security.Role;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A watch folder inside the {@code out} root (never the internal {@code work} root), against the real broker: slow
 * copies, rejects, temp names.
 * The profile restarts Quarkus with the folder configured (stable for 1 s, polled every 200 ms).
 */
@QuarkusTest
@TestProfile(WatchFolderIT.WatchProfile.class)
@WithTestResource(value = DarkroomTestResource.class, scope = TestResourceScope.GLOBAL)
class WatchFolderIT {
    @org.junit.jupiter.api.BeforeEach
    void signIn() {
        TestAuth.signIn("oli", Role.OPS);
    }

    static final Duration STABLE = Duration.ofSeconds(1);

    public static class WatchProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "darkroom.watch.it.root", "out",
                    "darkroom.watch.it.path", "watch-it",
                    "darkroom.watch.it.recipe", "{\"outputs\": [{\"name\": \"review\", \"preset\": \"h264-review\"}]}",
                    "darkroom.watch.it.stable-for", "1s",
                    "darkroom.watch.it.poll-interval", "200ms",
                    "darkroom.watch.it.priority", "70",
                    "darkroom.watch.it.destination", "out:watch-it-renders");
        }
    }

    static Path folder() throws IOException {
        return Files.createDirectories(DarkroomTestResource.storageRoot("out").resolve("watch-it"));
    }

    @Test
    void aClipCopiedSlowlyIsSubmittedOnceAfterTheCopyFinished() throws Exception {
        byte[] clip = Files.readAllBytes(TestMedia.mediaRoot().resolve(TestMedia.GOPRO));
        String name = "slow-" + UUID.randomUUID() + ".mp4";
        Path target = folder().resolve(name);
        int chunks = 15;
        int chunkSize = (clip.length + chunks - 1) / chunks;
        CompletableFuture<Instant> lastChunkWritten = new CompletableFuture<>();
        AtomicInteger next = new AtomicInteger();
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            // 15 chunks, one every 200 ms: about 3 s of copying, each pause shorter than stable-for
            pacer.scheduleAtFixedRate(
                    () -> {
                        int i = next.getAndIncrement();
                        try {
                            int from = i * chunkSize;
                            out.write(ByteBuffer.wrap(clip, from, Math.min(chunkSize, clip.length - from)));
                            if (i == chunks - 1) {
                                lastChunkWritten.complete(Instant.now());
                                throw new IllegalStateException("copy finished"); // ends the schedule
                            }
                        } catch (IOException e) {
                            lastChunkWritten.completeExceptionally(e);
                            throw new IllegalStateException(e);
                        }
                    },
                    0,
                    200,
                    TimeUnit.MILLISECONDS);
            Instant finished = lastChunkWritten.get(20, TimeUnit.SECONDS);
            assertThat(Files.size(target)).isEqualTo(clip.length);

            String source = "watch-it/" + name;
            String jobId = WatchKeys.jobId(
                    io.darkroom.contracts.Actor.service("watch-it"),
                    "it",
                    name,
                    clip.length,
                    Files.getLastModifiedTime(target).toMillis());
            List<ConsumerRecord<String, String>> found = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                found.clear();
                found.addAll(recordsFor(source));
                return !found.isEmpty();
            });
            assertThat(found).singleElement().satisfies(rec -> {
                assertThat(rec.key()).isEqualTo(jobId);
                assertThat(rec.timestamp()).isGreaterThanOrEqualTo(finished.toEpochMilli());
                JobSubmitted job = Json.read(rec.value(), JobSubmitted.class);
                assertThat(job.jobId()).isEqualTo(jobId);
                assertThat(job.sources()).singleElement().satisfies(s -> {
                    assertThat(s.media().frameCount()).isEqualTo(315);
                    assertThat(s.clipName()).isEqualTo(name.substring(0, name.length() - 4));
                });
                assertThat(job.submittedAt())
                        .isAfterOrEqualTo(finished.plus(STABLE).minusMillis(50));
                assertThat(job.priority()).isEqualTo(70);
                // the folder's service identity (darkroom.watch.it.identity, default watch-it)
                assertThat(job.submittedBy()).isEqualTo("watch-it");
                assertThat(job.submitter()).isEqualTo(io.darkroom.contracts.Actor.service("watch-it"));
                assertThat(job.destination().toString()).isEqualTo("out:watch-it-renders");
                assertThat(job.recipe().outputs()).singleElement().satisfies(o -> assertThat(o.preset())
                        .isEqualTo("h264-review"));
            });
            // and only once, over several more polls
            Awaitility.await()
                    .during(Duration.ofMillis(1500))
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> recordsFor(source).size() == 1);

            JsonPath watch =
                    given().get("/watch").then().statusCode(200).extract().jsonPath();
            assertThat(watch.getString("[0].name")).isEqualTo("it");
            assertThat(watch.getString("[0].folder")).isEqualTo("out:watch-it");
            assertThat(watch.getBoolean("[0].present")).isTrue();
            assertThat(watch.getInt("[0].submitted")).isGreaterThanOrEqualTo(1);
            assertThat(watch.getList("[0].lastSubmissions.file", String.class)).contains(name);
            assertThat(watch.getList("[0].lastSubmissions.jobId", String.class)).contains(jobId);
        } finally {
            pacer.shutdownNow();
        }
    }

    @Test
    void aFileThatIsNotMediaIsRejectedAndLoggedOnce_notOnEveryPoll() throws Exception {
        String name = "notes-" + UUID.randomUUID() + ".mp4";
        List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                String msg =
                        r.getParameters() == null ? r.getMessage() : String.format(r.getMessage(), r.getParameters());
                if (msg != null && msg.contains(name)) {
                    logged.add(msg);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        java.util.logging.Logger log = java.util.logging.Logger.getLogger("io.darkroom.ingest.service.WatchScanner");
        log.addHandler(handler);
        try {
            Files.writeString(folder().resolve(name), "call sheet, day 1\n");
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> given().get("/watch")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("[0].lastRejections.file", String.class)
                    .contains(name));
            JsonPath watch = given().get("/watch").then().extract().jsonPath();
            int i = watch.getList("[0].lastRejections.file", String.class).indexOf(name);
            assertThat(watch.getString("[0].lastRejections[" + i + "].reason")).contains("NOT_MEDIA");
            assertThat(watch.getInt("[0].rejected")).isGreaterThanOrEqualTo(1);

            // over several more polls: still one log line, no job
            Awaitility.await()
                    .during(Duration.ofMillis(1500))
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> logged.size() == 1);
            assertThat(logged).singleElement().asString().contains("rejected").contains("NOT_MEDIA");
            assertThat(recordsFor("watch-it/" + name)).isEmpty();
        } finally {
            log.removeHandler(handler);
        }
    }

    @Test
    void dotfilesAndTemporaryNamesAreIgnored_untilRenamedIntoPlace() throws Exception {
        byte[] clip = Files.readAllBytes(TestMedia.mediaRoot().resolve(TestMedia.PRORES));
        String id = UUID.randomUUID().toString();
        Path dir = folder();
        List<String> ignored = List.of(
                ".hidden-" + id + ".mov",
                "copying-" + id + ".mov.part",
                "copying-" + id + ".mov.tmp",
                ".staging-" + id + "/inside.mov");
        for (String f : ignored) {
            Files.createDirectories(dir.resolve(f).getParent());
            Files.write(dir.resolve(f), clip);
        }
        // several times stable-for: nothing taken, nothing even pending
        Awaitility.await()
                .during(Duration.ofMillis(2500))
                .atMost(Duration.ofSeconds(10))
                .until(() -> {
                    JsonPath w = given().get("/watch").then().extract().jsonPath();
                    List<String> mentioned = new ArrayList<>(w.getList("[0].pendingFiles.file", String.class));
                    mentioned.addAll(w.getList("[0].lastSubmissions.file", String.class));
                    mentioned.addAll(w.getList("[0].lastRejections.file", String.class));
                    return mentioned.stream().noneMatch(f -> f.contains(id));
                });
        for (String f : ignored) {
            assertThat(recordsFor("watch-it/" + f)).isEmpty();
        }

        Files.move(dir.resolve("copying-" + id + ".mov.part"), dir.resolve("copying-" + id + ".mov"));
        String source = "watch-it/copying-" + id + ".mov";
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !recordsFor(source)
                .isEmpty());
        assertThat(recordsFor(source)).singleElement().satisfies(rec -> assertThat(
                        Json.read(rec.value(), JobSubmitted.class)
                                .sources()
                                .get(0)
                                .media()
                                .frameCount())
                .isEqualTo(100));
    }

    // ---- reading darkroom.jobs.submitted with a plain consumer --------------------------------------------------

    /** Every record on the jobs topic right now whose (single) source is {@code out:<path>}. */
    private static List<ConsumerRecord<String, String>> recordsFor(String path) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps())) {
            List<TopicPartition> parts = consumer.partitionsFor(Topics.JOBS_SUBMITTED).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition()))
                    .toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(rec -> {
                    JobSubmitted job = Json.read(rec.value(), JobSubmitted.class);
                    if (job.sources().stream()
                            .anyMatch(s -> s.source().root().equals("out")
                                    && s.source().path().equals(path))) {
                        found.add(rec);
                    }
                });
                return parts.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
            });
        }
        return found;
    }

    private static Properties consumerProps() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, DarkroomTestResource.bootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return p;
    }
}
