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
