package io.darkroom.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.darkroom.contracts.Actor;
import io.darkroom.contracts.JobSubmitted;
import io.darkroom.contracts.Json;
import io.darkroom.contracts.SourceRef;
import io.darkroom.contracts.Topics;
import io.darkroom.ingest.domain.JobIds;
import io.darkroom.ingest.messaging.JobsTopic;
import io.darkroom.ingest.messaging.KafkaJobPublisher;
import io.darkroom.ingest.testing.TestAuth;
import io.darkroom.ingest.testing.TestConfig;
import io.darkroom.ingest.testing.TestMedia;
import io.darkroom.local.test.DarkroomTestResource;
import io.darkroom.security.Role;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@QuarkusTest
@WithTestResource(value = DarkroomTestResource.class, scope = TestResourceScope.GLOBAL)
class JobSubmissionIT {
    /** The caller of these tests (issuer and subject scope an Idempotency-Key). */
    static final Actor DIT = new Actor("dit", "dit", Actor.DARKROOM_ISSUER);

    @org.junit.jupiter.api.BeforeEach
    void signIn() {
        TestAuth.signIn("dit", Role.ARTIST);
    }

    private static final String VALID =
            """
            {"name": "day01-dailies", "priority": 50, "pool": "cpu",
             "sources": [{"root": "media", "path": "%s"}, {"root": "media", "path": "%s"}],
             "recipe": {"outputs": [{"name": "review", "preset": "h264-review", "maxWidth": 1280, "maxHeight": 720}],
                        "segmentFrames": 300},
             "destination": {"root": "out", "path": "day01"}}
            """
                    .formatted(TestMedia.GOPRO, TestMedia.PRORES);

    @BeforeEach
    void makeWorkFiles() throws IOException {
        Path work = DarkroomTestResource.storageRoot("out"); // hostile files where a job may read: out
        Path link = work.resolve("evil/passwd.mp4");
        if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(link.getParent());
            Files.createSymbolicLink(link, Path.of("/etc/passwd"));
        }
        if (!Files.exists(work.resolve("notes.mp4"))) {
            Files.writeString(work.resolve("notes.mp4"), "not a movie\n");
        }
        if (!Files.exists(work.resolve("tone.wav"))) {
            TestMedia.writeWav(work.resolve("tone.wav"));
        }
        // a playlist naming a network segment (port 9: discard; MediaReaders refuses hls before any connection)
        Files.writeString(
                work.resolve("day12.m3u8"),
                "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\n" + "http://127.0.0.1:9/seg0.ts\n#EXT-X-ENDLIST\n");
    }

    // ---- accepted ----------------------------------------------------------------------------------------------

    @Test
    void validTwoClipJobIsAcceptedAndPublishedWithProbeData() {
        Response r = post(given(), VALID);
        r.then().statusCode(202).contentType(ContentType.JSON).body("clips", equalTo(2));
        String jobId = r.path("jobId");
        assertThat(UUID.fromString(jobId)).isNotNull();
        assertThat(r.<String>path("statusUrl")).isEqualTo("http://localhost:8082/jobs/" + jobId);
        assertThat(r.header("Location")).isEqualTo("http://localhost:8082/jobs/" + jobId);

        List<ConsumerRecord<String, String>> records = awaitRecords(jobId, 1);
        JobSubmitted job = Json.read(records.get(0).value(), JobSubmitted.class);

        assertThat(job.schema()).isEqualTo(JobSubmitted.SCHEMA);
        assertThat(job.jobId()).isEqualTo(jobId);
        assertThat(job.name()).isEqualTo("day01-dailies");
        assertThat(job.priority()).isEqualTo(50);
        assertThat(job.pool()).isEqualTo("cpu");
        // who submitted: the token's subject, never a body field
        assertThat(job.submittedBy()).isEqualTo("dit");
        assertThat(job.submitter()).isEqualTo(new io.darkroom.contracts.Actor("dit", "dit", "darkroom"));
        assertThat(job.submittedAt()).isNotNull();
        assertThat(job.destination()).isEqualTo(new SourceRef("out", "day01"));
        assertThat(job.recipe().segmentFrames()).isEqualTo(300);
        assertThat(job.recipe().outputs()).singleElement().satisfies(o -> {
            assertThat(o.preset()).isEqualTo("h264-review");
            assertThat(o.maxWidth()).isEqualTo(1280);
        });
        assertThat(job.sources()).hasSize(2);
        JobSubmitted.ProbedSource gopro = job.sources().get(0);
        assertThat(gopro.clipName()).isEqualTo("gopro_max_h264_tmcd_gpmf");
        assertThat(gopro.source()).isEqualTo(new SourceRef("media", TestMedia.GOPRO));
        assertThat(gopro.media().frameCount()).isEqualTo(315);
        assertThat(gopro.media().timecode()).isEqualTo("15:44:35:10");
        assertThat(gopro.media().videoCodec()).isEqualTo("h264");
        assertThat(job.sources().get(1).clipName()).isEqualTo("prores_proxy_64x64_24fps_100f");
        assertThat(job.sources().get(1).media().frameCount()).isEqualTo(100);
    }

    @Test
    void dailiesOpsArePublishedInTheJobSubmittedRecord() {
        String body =
                """
                {"sources": [{"root": "media", "path": "%s"}],
                 "recipe": {"show": "Nightfall",
                            "outputs": [{"name": "review", "preset": "h264-review", "maxWidth": 640, "maxHeight": 360},
                                        {"name": "master", "preset": "ffv1-master", "ops": []}],
                            "ops": [{"op": "lut3d", "file": {"root": "media", "path": "luts/colour-science_LogC_Video_1Dshaper+3D.cube"}},
                                    {"op": "cdl", "slope": [1.05, 1.0, 0.95], "offset": [0.01, 0, -0.01], "power": [1, 1, 1], "saturation": 0.9},
                                    {"op": "burnIn", "text": "{tc}", "position": "bottom-left"},
                                    {"op": "burnIn", "text": "{clip}", "position": "top-left"},
                                    {"op": "watermark", "text": "FOR REVIEW ONLY – {show}", "opacity": 0.25}]}}
                """
                        .formatted(TestMedia.GOPRO);
        String jobId = post(given(), body).then().statusCode(202).extract().path("jobId");

        JobSubmitted job = Json.read(awaitRecords(jobId, 1).get(0).value(), JobSubmitted.class);
        assertThat(job.recipe().show()).isEqualTo("Nightfall");
        assertThat(job.recipe().ops()).hasSize(5);
        assertThat(job.recipe().ops().get(0))
                .isEqualTo(new io.darkroom.contracts.ops.Op.Lut3d(
                        new SourceRef("media", "luts/colour-science_LogC_Video_1Dshaper+3D.cube")));
        assertThat(job.recipe().ops().get(4))
                .isEqualTo(new io.darkroom.contracts.ops.Op.Watermark("FOR REVIEW ONLY – {show}", 0.25, null, null));
        assertThat(job.recipe().effectiveOps(job.recipe().outputs().get(0))).hasSize(5);
        assertThat(job.recipe().effectiveOps(job.recipe().outputs().get(1))).isEmpty();
        assertThat(job.jobDate()).isNotNull();
        assertThat(job.sources().get(0).media().colorTransfer()).isEqualTo("bt709");
    }

    @Test
    void defaultsAreAppliedToAMinimalRequest() {
        String minimal =
                """
                {"sources": [{"root": "media", "path": "%s"}],
                 "recipe": {"outputs": [{"name": "master", "preset": "ffv1-master"}]}}
                """
                        .formatted(TestMedia.PRORES);
        String jobId = post(given(), minimal).then().statusCode(202).extract().path("jobId");

        JobSubmitted job = Json.read(awaitRecords(jobId, 1).get(0).value(), JobSubmitted.class);
        assertThat(job.priority()).isEqualTo(50);
        assertThat(job.pool()).isEqualTo("cpu");
        assertThat(job.submittedBy()).isEqualTo("dit");
        assertThat(job.destination()).isEqualTo(new SourceRef("out", jobId));
        assertThat(job.recipe().outputs().get(0).maxWidth()).isZero();
    }

    @Test
    void sameIdempotencyKeyGivesTheSameJobIdTwice() {
        String key = "day01-" + UUID.randomUUID();
        String first = post(given().header("Idempotency-Key", key), VALID)
                .then()
                .statusCode(202)
                .extract()
                .path("jobId");
        String second = post(given().header("Idempotency-Key", key), VALID)
                .then()
                .statusCode(202)
                .extract()
                .path("jobId");
        String other = post(given().header("Idempotency-Key", key + "-b"), VALID)
                .then()
                .statusCode(202)
                .extract()
                .path("jobId");

        assertThat(first)
                .isEqualTo(second)
                .isEqualTo(JobIds.forIdempotencyKey(DIT, key))
                .isNotEqualTo(other);
        // both submissions were published under the one key (process-service cannot be asked here, see below);
        // process-service keeps the first. Both carry the one hash of the request.
        List<ConsumerRecord<String, String>> records = awaitRecords(first, 2);
        assertThat(records).hasSize(2);
        assertThat(records.stream()
                        .map(r -> Json.read(r.value(), JobSubmitted.class).requestSha256())
                        .distinct())
                .singleElement()
                .asString()
                .matches("[0-9a-f]{64}");
    }

    /**
     * No process-service runs beside these tests (nothing at darkroom.process-url): a reused key cannot be checked,
     * and the submission is accepted all the same, never failed for that. The other body travels with its own hash,
     * by which process-service keeps the first request and records this one (process-service's SubmissionIT, the
     * 409 itself: e2e IdempotencyIT).
     */
    @Test
    void aReusedKeyIsAcceptedWhenProcessServiceCannotBeAsked() {
        String key = "day03-" + UUID.randomUUID();
        String first = post(given().header("Idempotency-Key", key), VALID)
                .then()
                .statusCode(202)
                .extract()
                .path("jobId");
        String second = post(
                        given().header("Idempotency-Key", key), VALID.replace("\"priority\": 50", "\"priority\": 51"))
                .then()
                .statusCode(202)
                .extract()
                .path("jobId");
        assertThat(second).isEqualTo(first);
        List<String> hashes = awaitRecords(first, 2).stream()
                .map(r -> Json.read(r.value(), JobSubmitted.class).requestSha256())
                .toList();
        assertThat(hashes).doesNotContainNull().doesNotHaveDuplicates();
    }

    /** Keys are scoped per caller: someone else's same key is another job, never a claim on the first one's. */
    @Test
    void anotherCallersSameIdempotencyKeyIsAnotherJob() {
        String key = "day02-" + UUID.randomUUID();
        String mine = post(given().header("Idempotency-Key", key), VALID)
                .then()
                .statusCode(202)
                .extract()
                .path("jobId");
        String theirs = post(
                        given().header("Idempotency-Key", key)
                                .header(
                                        "Authorization",
                                        "Bearer " + DarkroomTestResource.token("mallory", Role.ARTIST)),
                        VALID)
                .then()
                .statusCode(202)
                .extract()
                .path("jobId");
        assertThat(theirs).isNotEqualTo(mine);
        JobSubmitted job = Json.read(awaitRecords(theirs, 1).get(0).value(), JobSubmitted.class);
        assertThat(job.submitter().subject()).isEqualTo("mallory");
    }

    @Test
    void topicHasFourPartitions() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", DarkroomTestResource.bootstrapServers()))) {
            var description = admin.describeTopics(List.of(Topics.JOBS_SUBMITTED))
                    .allTopicNames()
                    .get(10, TimeUnit.SECONDS)
                    .get(Topics.JOBS_SUBMITTED);
            assertThat(description.partitions()).hasSize(4);
        }
    }

    // ---- rejected ----------------------------------------------------------------------------------------------

    static Stream<Arguments> badRequests() {
        List<Arguments> cases = new ArrayList<>();
        cases.add(raw("malformed JSON", "{\"name\": ", 400, null, "MALFORMED_JSON"));
        cases.add(raw("not an object", "[1, 2]", 400, null, "MALFORMED_JSON"));
        cases.add(raw("empty body", "", 400, null, "MALFORMED_JSON"));
        cases.add(bad("priority of wrong type", 400, "priority", "WRONG_TYPE", j -> j.put("priority", "high")));
        cases.add(bad("maxWidth of wrong type", 400, "recipe.outputs[0].maxWidth", "WRONG_TYPE", j -> out(j).put(
                        "maxWidth", "wide")));
        cases.add(bad("sources as object", 400, "sources", "WRONG_TYPE", j -> j.putObject("sources")));
        cases.add(bad("no sources", 422, "sources", "MISSING", j -> j.remove("sources")));
        cases.add(bad("empty sources", 422, "sources", "MISSING", j -> j.putArray("sources")));
        cases.add(bad("empty outputs", 422, "recipe.outputs", "MISSING", j -> ((ObjectNode) j.get("recipe"))
                .putArray("outputs")));
        cases.add(bad("unknown root", 422, "sources[1].root", "UNKNOWN_ROOT", j -> src(j, 1)
                .put("root", "nas")));
        cases.add(bad("dot-dot path", 422, "sources[1].path", "ESCAPES_ROOT", j -> src(j, 1)
                .put("path", "timecode/../../../../etc/passwd")));
        cases.add(bad("absolute path", 422, "sources[1].path", "ESCAPES_ROOT", j -> src(j, 1)
                .put("path", "/etc/passwd")));
        cases.add(bad("symlink out of root", 422, "sources[1].path", "ESCAPES_ROOT", j -> src(j, 1)
                .put("root", "out")
                .put("path", "evil/passwd.mp4")));
        cases.add(bad("missing file", 422, "sources[0].path", "NOT_FOUND", j -> src(j, 0)
                .put("path", "timecode/none.mp4")));
        cases.add(bad(
                "folder", 422, "sources[0].path", "NOT_A_FILE", j -> src(j, 0).put("path", "timecode")));
        cases.add(bad("text file", 422, "sources[1].path", "NOT_MEDIA", j -> src(j, 1)
                .put("root", "out")
                .put("path", "notes.mp4")));
        cases.add(bad("hls playlist", 422, "sources[1].path", "NOT_MEDIA", j -> src(j, 1)
                .put("root", "out")
                .put("path", "day12.m3u8")));
        cases.add(bad("audio only", 422, "sources[1].path", "NO_VIDEO", j -> src(j, 1)
                .put("root", "out")
                .put("path", "tone.wav")));
        cases.add(bad("duplicate source", 422, "sources[1]", "DUPLICATE", j -> src(j, 1)
                .put("path", TestMedia.GOPRO)));
        cases.add(bad("same file, other spelling", 422, "sources[1]", "DUPLICATE", j -> src(j, 1)
                .put("path", "./" + TestMedia.GOPRO)));
        cases.add(bad("source in the internal root", 422, "sources[1].root", "ROOT_NOT_ALLOWED", j -> src(j, 1)
                .put("root", "work")
                .put("path", "provenance-key/private.pem")));
        cases.add(
                bad("outputs into the camera originals", 422, "destination.root", "ROOT_NOT_ALLOWED", j -> ((ObjectNode)
                                j.get("destination"))
                        .put("root", "media")
                        .put("path", "prores")));
        cases.add(bad("a 32768x32768 output (8K reformat, lanczos x4)", 422, "recipe.outputs[0]", "OVER_BUDGET", j -> {
            ArrayNode ops = out(j).putArray("ops");
            ops.addObject()
                    .put("op", "reformat")
                    .put("mode", "fill")
                    .put("width", 8192)
                    .put("height", 8192);
            ops.addObject().put("op", "lanczosUpscale").put("scale", 4);
        }));
        cases.add(bad("outputs beside the site key", 422, "destination.root", "ROOT_NOT_ALLOWED", j -> ((ObjectNode)
                        j.get("destination"))
                .put("root", "work")
                .put("path", "provenance-key")));
        cases.add(bad("too many sources", 422, "sources", "TOO_MANY", j -> {
            ArrayNode many = j.putArray("sources");
            for (int i = 0; i < 1001; i++) {
                many.addObject().put("root", "media").put("path", "f" + i + ".mp4");
            }
        }));
        cases.add(bad("unknown preset", 422, "recipe.outputs[0].preset", "UNKNOWN_PRESET", j -> out(j).put(
                        "preset", "prores-4444")));
        cases.add(bad("tiny width", 422, "recipe.outputs[0].maxWidth", "OUT_OF_RANGE", j -> out(j).put("maxWidth", 8)));
        cases.add(bad("huge height", 422, "recipe.outputs[0].maxHeight", "OUT_OF_RANGE", j -> out(j).put(
                        "maxHeight", 10000)));
        cases.add(bad(
                "one side zero", 422, "recipe.outputs[0].maxWidth", "OUT_OF_RANGE", j -> out(j).put("maxWidth", 0)));
        cases.add(bad(
                "submittedBy in the body",
                422,
                "submittedBy",
                "NOT_ACCEPTED",
                j -> j.put("submittedBy", "Head of Post")));
        cases.add(bad("negative priority", 422, "priority", "OUT_OF_RANGE", j -> j.put("priority", -1)));
        cases.add(bad("misspelt output field", 422, "recipe.outputs[0].maxWidht", "UNKNOWN_FIELD", j -> out(j).put(
                        "maxWidht", 640)));
        cases.add(bad("misspelt recipe field", 422, "recipe.segmentFrame", "UNKNOWN_FIELD", j -> ((ObjectNode)
                        j.get("recipe"))
                .put("segmentFrame", 50)));
        cases.add(bad("unknown top-level field", 422, "deadline", "UNKNOWN_FIELD", j -> j.put("deadline", "friday")));
        cases.add(bad("field of an op misspelt", 422, "recipe.ops[0].slop", "UNKNOWN_FIELD", j -> ((ObjectNode)
                        j.get("recipe"))
                .putArray("ops")
                .addObject()
                .put("op", "cdl")
                .put("saturation", 0.5)
                .putArray("slop")
                .add(1)
                .add(1)
                .add(1)));
        cases.add(bad("fraction for a whole number", 400, "recipe.segmentFrames", "WRONG_TYPE", j -> ((ObjectNode)
                        j.get("recipe"))
                .put("segmentFrames", 2.5)));
        cases.add(bad("priority above 100", 422, "priority", "OUT_OF_RANGE", j -> j.put("priority", 101)));
        cases.add(bad("zero segment", 422, "recipe.segmentFrames", "OUT_OF_RANGE", j -> ((ObjectNode) j.get("recipe"))
                .put("segmentFrames", 0)));
        cases.add(bad("huge segment", 422, "recipe.segmentFrames", "OUT_OF_RANGE", j -> ((ObjectNode) j.get("recipe"))
                .put("segmentFrames", 100_001)));
        cases.add(bad("crf 52", 422, "recipe.outputs[0].crf", "OUT_OF_RANGE", j -> out(j).put("crf", 52)));
        cases.add(bad(
                "crf on ffv1", 422, "recipe.outputs[0].crf", "NOT_APPLICABLE", j -> out(j).put("preset", "ffv1-master")
                        .put("crf", 10)));
        cases.add(bad("duplicate output", 422, "recipe.outputs[1].name", "DUPLICATE", j -> ((ArrayNode)
                        j.get("recipe").get("outputs"))
                .addObject()
                .put("name", "review")
                .put("preset", "ffv1-master")));
        cases.add(bad("bad output name", 422, "recipe.outputs[0].name", "INVALID_NAME", j -> out(j).put(
                        "name", "Review Copy")));
        cases.add(bad("unknown op", 422, "recipe.ops[0].op", "UNKNOWN_OP", j -> ((ObjectNode) j.get("recipe"))
                .putArray("ops")
                .addObject()
                .put("op", "sharpen")));
        cases.add(bad(
                "LUT escaping its root", 422, "recipe.ops[0].file", "ESCAPES_ROOT", j -> ((ObjectNode) j.get("recipe"))
                        .putArray("ops")
                        .addObject()
                        .put("op", "lut3d")
                        .putObject("file")
                        .put("root", "media")
                        .put("path", "../../etc/x.cube")));
        cases.add(bad("CDL values and file", 422, "recipe.ops[0]", "CONFLICT", j -> {
            ObjectNode cdl = ((ObjectNode) j.get("recipe"))
                    .putArray("ops")
                    .addObject()
                    .put("op", "cdl")
                    .put("saturation", 0.5);
            cdl.putObject("file").put("root", "media").put("path", "grades/a.cdl");
        }));
        cases.add(bad("unknown pool", 422, "pool", "UNKNOWN_POOL", j -> j.put("pool", "tpu")));
        cases.add(bad(
                "destination root", 422, "destination.root", "UNKNOWN_ROOT", j -> ((ObjectNode) j.get("destination"))
                        .put("root", "s3")));
        cases.add(bad(
                "destination escapes", 422, "destination.path", "ESCAPES_ROOT", j -> ((ObjectNode) j.get("destination"))
                        .put("path", "../../tmp")));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badRequestIsRejectedWithJson(String name, String body, int status, String field, String problem) {
        Response r = post(given(), body);
        r.then()
                .statusCode(status)
                .contentType(ContentType.JSON)
                .body("problem", equalTo(problem))
                .body("field", equalTo(field))
                .body("error", not(containsString("Exception")))
                .body(not(containsString("\tat ")))
                .body(not(
                        containsString(DarkroomTestResource.storageRoot("work").toString())))
                .body(not(containsString(DarkroomTestResource.storageRoot("out").toString())))
                .body(not(
                        containsString(DarkroomTestResource.storageRoot("media").toString())));
        assertThat(r.<String>path("error")).isNotBlank();
    }

    @Test
    void unknownPresetListsTheKnownOnes() {
        ObjectNode j = valid();
        out(j).put("preset", "prores-4444");
        post(given(), j.toString())
                .then()
                .statusCode(422)
                .body("allowed", hasItems("h264-review", "ffv1-master"))
                .body("error", containsString("h264-review"));
    }

    @Test
    void severalProblemsAreListedUnderErrors() {
        ObjectNode j = valid();
        j.put("priority", 300).put("pool", "tpu");
        out(j).put("preset", "nope");
        post(given(), j.toString())
                .then()
                .statusCode(422)
                .contentType(ContentType.JSON)
                .body("errors.field", hasItems("priority", "pool", "recipe.outputs[0].preset"))
                .body("errors.problem", hasItems("OUT_OF_RANGE", "UNKNOWN_POOL", "UNKNOWN_PRESET"));
    }

    @ParameterizedTest
    @MethodSource("badKeys")
    void unusableIdempotencyKeyIsABadHeader(String key) {
        post(given().header("Idempotency-Key", key), VALID)
                .then()
                .statusCode(400)
                .contentType(ContentType.JSON)
                .body("field", equalTo("Idempotency-Key"))
                .body("problem", equalTo("INVALID_HEADER"));
    }

    static Stream<String> badKeys() {
        return Stream.of("", "  ", "k".repeat(201));
    }

    @Test
    void wrongContentTypeAndUnknownPathsAnswerJson() {
        given().contentType(ContentType.TEXT)
                .body("hello")
                .post("/jobs")
                .then()
                .statusCode(415)
                .contentType(ContentType.JSON)
                .body("problem", equalTo("HTTP_415"));
        given().get("/nothing/here")
                .then()
                .statusCode(404)
                .contentType(ContentType.JSON)
                .body("problem", equalTo("HTTP_404"));
    }

    @Test
    void brokerThatDoesNotAcknowledgeMeans503AndNever202() {
        // a real producer pointed at a port where no broker listens: the send is never acknowledged
        TestConfig.Cfg cfg = new TestConfig.Cfg(
                TestConfig.good().storage(),
                "http://localhost:8082",
                List.of("cpu"),
                TestConfig.good().topics(),
                new TestConfig.Kf(Duration.ofSeconds(1)));
        JobsTopic topic = new JobsTopic(Map.of(), cfg) {
            @Override
            public void ensure() {
                // the topic step is not what this test is about
            }
        };
        KafkaJobPublisher deadBroker = new KafkaJobPublisher(Map.of("bootstrap.servers", "127.0.0.1:9"), cfg, topic);
        try {
            QuarkusMock.installMockForType(deadBroker, KafkaJobPublisher.class);
            String key = "dead-" + UUID.randomUUID();
            post(given().header("Idempotency-Key", key), VALID)
                    .then()
                    .statusCode(503)
                    .contentType(ContentType.JSON)
                    .header("Retry-After", "5")
                    .body("problem", equalTo("QUEUE_UNAVAILABLE"))
                    .body("error", containsString("NOT accepted"));
            assertThat(recordsNow(JobIds.forIdempotencyKey(DIT, key))).isEmpty();
        } finally {
            deadBroker.close();
        }
    }

    // ---- catalog, health, metrics, OpenAPI ---------------------------------------------------------------------

    @Test
    void presetsAndRootsAreListedWithoutHostPaths() {
        given().get("/presets")
                .then()
                .statusCode(200)
                .body("id", hasItems("h264-review", "ffv1-master"))
                .body("find { it.id == 'h264-review' }.extension", equalTo("mp4"))
                .body("find { it.id == 'ffv1-master' }.codec", equalTo("ffv1"));
        given().get("/roots")
                .then()
                .statusCode(200)
                .body("$", hasItems("media", "work", "out"))
                .body(not(containsString("/")));
    }

    @Test
    void healthMetricsAndOpenApiAreServed() {
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("storage-roots", "kafka"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        post(given(), VALID).then().statusCode(202);
        ObjectNode bad = valid();
        bad.put("pool", "tpu");
        post(given(), bad.toString()).then().statusCode(422);
        // metrics: an ops or admin token (the scrape token)
        given().header(
                        "Authorization",
                        "Bearer " + DarkroomTestResource.token("scraper", io.darkroom.security.Role.OPS))
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("darkroom_ingest_jobs_accepted_total"))
                .body(containsString("darkroom_ingest_jobs_rejected_total{problem=\"UNKNOWN_POOL\"}"));
        given().get("/q/openapi")
                .then()
                .statusCode(200)
                .body(containsString("/jobs"))
                .body(containsString("/presets"));
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private static Response post(RequestSpecification spec, String body) {
        return spec.contentType(ContentType.JSON).body(body).when().post("/jobs");
    }

    private static ObjectNode valid() {
        try {
            return (ObjectNode) Json.mapper().readTree(VALID);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode out(ObjectNode j) {
        return (ObjectNode) j.get("recipe").get("outputs").get(0);
    }

    private static ObjectNode src(ObjectNode j, int i) {
        return (ObjectNode) j.get("sources").get(i);
    }

    private static Arguments bad(String name, int status, String field, String problem, Consumer<ObjectNode> change) {
        ObjectNode j = valid();
        change.accept(j);
        return Arguments.of(name, j.toString(), status, field, problem);
    }

    private static Arguments raw(String name, String body, int status, String field, String problem) {
        return Arguments.of(name, body, status, field, problem);
    }

    /** Every record keyed by {@code jobId} on the jobs topic right now (read to the end offsets). */
    private static List<ConsumerRecord<String, String>> recordsNow(String jobId) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps())) {
            List<TopicPartition> parts = partitions(consumer);
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(rec -> {
                    if (jobId.equals(rec.key())) {
                        found.add(rec);
                    }
                });
                return parts.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
            });
        }
        return found;
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, String> consumer) {
        return consumer.partitionsFor(Topics.JOBS_SUBMITTED).stream()
                .map(i -> new TopicPartition(i.topic(), i.partition()))
                .toList();
    }

    private static Properties consumerProps() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, DarkroomTestResource.bootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return p;
    }

    /** Reads the jobs topic from the start until {@code count} records keyed by {@code jobId} are there. */
    private static List<ConsumerRecord<String, String>> awaitRecords(String jobId, int count) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps())) {
            List<TopicPartition> parts = partitions(consumer);
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(rec -> {
                    if (jobId.equals(rec.key())) {
                        found.add(rec);
                    }
                });
                return found.size() >= count;
            });
        }
        return found;
    }
}
