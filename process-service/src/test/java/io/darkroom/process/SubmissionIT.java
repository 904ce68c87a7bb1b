package io.darkroom.process;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.agroal.api.AgroalDataSource;
import io.darkroom.contracts.JobEvent;
import io.darkroom.contracts.JobState;
import io.darkroom.contracts.JobSubmitted;
import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.Topics;
import io.darkroom.local.test.DarkroomTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = DarkroomTestResource.class, scope = TestResourceScope.GLOBAL)
class SubmissionIT {
    @org.junit.jupiter.api.BeforeEach
    void signIn() {
        ItSupport.signInWithEveryRole();
    }

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aSubmittedJobIsStoredAndPlannedOnceEvenWhenSubmittedTwice() throws Exception {
        // a pool without workers: the job stays PLANNED
        String pool = "it-sub-" + UUID.randomUUID().toString().substring(0, 8);
        JobSubmitted job = ItSupport.job(pool, ItSupport.GOPRO, null, 640, 360);
        MediaInfo media = job.sources().get(0).media();
        assertThat(media.frameCount()).isEqualTo(315);
        assertThat(media.hasAudio()).isTrue();

        try (var events = new ItSupport.TopicReader(Topics.JOBS_EVENTS)) {
            ItSupport.submit(job);
            ItSupport.submit(job);

            await().atMost(Duration.ofSeconds(30)).until(() -> "PLANNED".equals(ItSupport.jobState(job.jobId())));
            JsonPath view = ItSupport.job(job.jobId());
            // 315 frames at the default 300 frames per segment: 2 video segments + 1 audio task
            assertThat(view.getList("tasks")).hasSize(3);
            assertThat(view.getList("tasks.findAll { it.kind == 'VIDEO_SEGMENT' }.expectedFrames", Integer.class))
                    .containsExactly(300, 15);
            assertThat(view.getList("tasks.state", String.class)).containsOnly("PENDING");
            assertThat(view.getList("clips")).hasSize(1);
            assertThat(view.getString("clips[0].name")).isEqualTo("gopro_max_h264_tmcd_gpmf");
            assertThat(view.getString("clips[0].state")).isEqualTo("PLANNED");
            // 848x480 fitted into 640x360: scaled by 360/480
            assertThat(view.getInt("clips[0].outputs[0].width")).isEqualTo(636);
            assertThat(view.getInt("clips[0].outputs[0].height")).isEqualTo(360);
            assertThat(view.getList("history.to", String.class)).containsExactly("SUBMITTED", "PLANNED");
            assertThat(view.getInt("progress.tasksTotal")).isEqualTo(3);

            // the repeat arrived (it is behind the first on the same partition) and changed nothing
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> events.values(JobEvent.class).stream()
                                    .filter(e -> e.jobId().equals(job.jobId()))
                                    .count()
                            >= 2);
            ItSupport.submit(job);
            try (Connection c = dataSource.getConnection()) {
                await().during(Duration.ofSeconds(2))
                        .atMost(Duration.ofSeconds(5))
                        .until(() -> count(c, "SELECT count(*) FROM jobs WHERE id = '" + job.jobId() + "'") == 1
                                && count(c, "SELECT count(*) FROM tasks WHERE job_id = '" + job.jobId() + "'") == 3);
            }
            List<JobState> states = events.values(JobEvent.class).stream()
                    .filter(e -> e.jobId().equals(job.jobId()))
                    .map(JobEvent::state)
                    .toList();
            assertThat(states).containsExactly(JobState.SUBMITTED, JobState.PLANNED);
        }
    }

    /** The submission {@code s} as {@code submitter} sent it, with the hash of its request. */
    private static JobSubmitted as(JobSubmitted s, String submitter, String name, int maxW, int maxH, String sha256) {
        return new JobSubmitted(
                s.schema(),
                s.jobId(),
                name,
                s.priority(),
                s.pool(),
                io.darkroom.contracts.Recipe.of(
                        List.of(io.darkroom.contracts.OutputSpec.of("review", "h264-review", maxW, maxH))),
                s.sources(),
                s.destination(),
                submitter,
                s.submittedAt(),
                s.jobDate(),
                new io.darkroom.contracts.Actor(submitter, submitter, io.darkroom.contracts.Actor.DARKROOM_ISSUER),
                sha256);
    }

    /**
     * Issue 13: two requests under one Idempotency-Key that both passed ingest (neither stored yet when the other was
     * checked) reach the consumer with the same job id and different request hashes. The first stays exactly as it
     * was, the second is neither merged nor retried: one audit row per conflicting request, redeliveries included.
     * Its submitter (and nobody else) can read the stored hash, which is what ingest checks before publishing.
     */
    @Test
    void anotherRequestUnderAStoredJobIdIsKeptOutAndAudited() throws Exception {
        String pool = "it-sub-" + UUID.randomUUID().toString().substring(0, 8);
        JobSubmitted base = ItSupport.job(pool, ItSupport.GOPRO, null, 640, 360);
        String first = "a".repeat(64);
        String second = "b".repeat(64);
        String third = "c".repeat(64);
        ItSupport.submit(as(base, "ana", "first", 640, 360, first));
        await().atMost(Duration.ofSeconds(30)).until(() -> "PLANNED".equals(ItSupport.jobState(base.jobId())));

        ItSupport.submit(as(base, "ana", "second", 1280, 720, second));
        ItSupport.submit(as(base, "ana", "second", 1280, 720, second)); // delivered again
        ItSupport.submit(as(base, "ana", "junk", 1280, 720, "not a hash")); // unusable: kept out, no row, no crash
        ItSupport.submit(as(base, "ana", "third", 320, 180, third));
        // the same partition (key = job id), in order: once the third is audited, every one before it was handled
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        given().get("/audit?job=" + base.jobId()).jsonPath().getList("detail", String.class).stream()
                                .anyMatch(d -> d != null && d.contains(third)));
        JsonPath audit = given().get("/audit?job=" + base.jobId()).jsonPath();
        assertThat(audit.getList("action", String.class)).containsExactly("submit", "submit");
        assertThat(audit.getList("status", Integer.class)).containsExactly(409, 409);
        assertThat(audit.getList("outcome", String.class)).containsExactly("rejected", "rejected");
        assertThat(audit.getList("actorSubject", String.class)).containsExactly("ana", "ana");
        assertThat(audit.getString("[0].detail"))
                .contains("Idempotency-Key reused for a different request (sha256 " + second + ")")
                .contains("keeps its first request (sha256 " + first + ")");
        assertThat(audit.getString("[1].detail")).contains(third);

        // the stored job is the first request, untouched
        JsonPath view = ItSupport.job(base.jobId());
        assertThat(view.getString("name")).isEqualTo("first");
        assertThat(view.getString("state")).isEqualTo("PLANNED");
        assertThat(view.getList("tasks")).hasSize(3);
        assertThat(view.getInt("clips[0].outputs[0].width")).isEqualTo(636);
        assertThat(view.getList("history.to", String.class)).containsExactly("SUBMITTED", "PLANNED");

        // what ingest asks before it publishes: the stored hash, to the job's own submitter only
        String ana = ItSupport.bearer("ana", io.darkroom.security.Role.ARTIST);
        given().header("Authorization", ana)
                .get("/jobs/" + base.jobId() + "/request")
                .then()
                .statusCode(200)
                .body("jobId", equalTo(base.jobId()))
                .body("requestSha256", equalTo(first));
        given().header("Authorization", ItSupport.bearer("bo", io.darkroom.security.Role.ARTIST))
                .get("/jobs/" + base.jobId() + "/request")
                .then()
                .statusCode(403)
                .body("problem", equalTo("FORBIDDEN"))
                .body("error", org.hamcrest.Matchers.containsString("their own jobs"));
        given().header("Authorization", ItSupport.bearer("ana", io.darkroom.security.Role.OPS))
                .get("/jobs/" + base.jobId() + "/request")
                .then()
                .statusCode(403)
                .body("problem", equalTo("FORBIDDEN"));
        given().header("Authorization", ana)
                .get("/jobs/" + UUID.randomUUID() + "/request")
                .then()
                .statusCode(404)
                .body("problem", equalTo("NOT_FOUND"));
        given().header("Authorization", ana)
                .get("/jobs/not-a-uuid/request")
                .then()
                .statusCode(400)
                .body("problem", equalTo("MALFORMED_ID"));
    }

    @Test
    void theJobApiAnswersJsonErrors() {
        given().get("/jobs/not-a-uuid").then().statusCode(400).body("problem", equalTo("MALFORMED_ID"));
        given().get("/jobs/" + UUID.randomUUID()).then().statusCode(404).body("problem", equalTo("NOT_FOUND"));
        given().get("/jobs").then().statusCode(200);
        given().get("/workers").then().statusCode(200);
    }

    @Test
    void healthAndMetricsAreUp() {
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("darkroom_jobs{").contains("darkroom_task_promotions_total");
    }

    private static long count(Connection c, String sql) throws Exception {
        try (var st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
