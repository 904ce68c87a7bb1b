package io.darkroom.process;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darkroom.contracts.FailureReason;
import io.darkroom.contracts.JobEvent;
import io.darkroom.contracts.JobState;
import io.darkroom.contracts.JobSubmitted;
import io.darkroom.contracts.RenderTask;
import io.darkroom.contracts.TaskEvent;
import io.darkroom.contracts.Topics;
import io.darkroom.contracts.WorkerControl;
import io.darkroom.local.test.DarkroomTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A person steering jobs through the API against a real broker and PostgreSQL, with heartbeats standing in for
 * workers: cancel, pause/resume, priority, retry, drain, and the JSON errors.
 */
@QuarkusTest
@WithTestResource(value = DarkroomTestResource.class, scope = TestResourceScope.GLOBAL)
class JobControlIT {
    @org.junit.jupiter.api.BeforeEach
    void signIn() {
        ItSupport.signInWithEveryRole();
    }

    /** A planned 4-task job (100 frames of ProRes, 25 per segment, no audio) in a pool of its own. */
    private static JobSubmitted planned(String pool) {
        JobSubmitted job = ItSupport.job(pool, ItSupport.PRORES, 25, 0, 0);
        ItSupport.submit(job);
        await().atMost(Duration.ofSeconds(30)).until(() -> "PLANNED".equals(ItSupport.jobState(job.jobId())));
        return job;
    }

    private static String pool() {
        return "it-ctl-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Response postAs(String who, String path, String body) {
        var req = given().header(
                        "Authorization",
                        ItSupport.bearer(who, io.darkroom.security.Role.SUPERVISOR, io.darkroom.security.Role.OPS));
        if (body != null) {
            req = req.contentType(ContentType.JSON).body(body);
        }
        return req.post(path);
    }

    private static Response post(String path, String body) {
        var req = given();
        if (body != null) {
            req = req.contentType(ContentType.JSON).body(body);
        }
        return req.post(path);
    }

    private static List<RenderTask> published(ItSupport.TopicReader topic, String jobId) {
        return topic.values(RenderTask.class).stream()
                .filter(t -> t.jobId().equals(jobId))
                .toList();
    }

    @Test
    void cancelStopsDispatchTellsTheWorkersAndRemovesTheWorkFolder() throws Exception {
        String pool = pool();
        String worker = "it-worker-" + pool;
        JobSubmitted job = planned(pool);
        Path promoted = DarkroomTestResource.storageRoot("work").resolve("jobs/" + job.jobId() + "/clip/seg-00000.mp4");
        Files.createDirectories(promoted.getParent());
        Files.writeString(promoted, "a promoted segment");
        try (var tasks = new ItSupport.TopicReader(Topics.tasks(pool));
                var control = new ItSupport.TopicReader(Topics.WORKERS_CONTROL);
                var jobEvents = new ItSupport.TopicReader(Topics.JOBS_EVENTS)) {
            ItSupport.heartbeat(worker, pool, 1, 0);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> published(tasks, job.jobId()).size() == 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> ItSupport.job(job.jobId())
                    .getList("tasks.state", String.class)
                    .contains("PUBLISHED"));
            JsonPath before = ItSupport.job(job.jobId());
            assertThat(before.getList("tasks.state", String.class)).containsOnly("PUBLISHED", "PENDING");
            List<String> taskIds = before.getList("tasks.id", String.class);

            Response r = postAs("alice", "/jobs/" + job.jobId() + "/cancel", "{\"note\": \"wrong LUT\"}");

            assertThat(r.statusCode()).isEqualTo(200);
            JsonPath view = r.jsonPath();
            assertThat(view.getString("state")).isEqualTo("CANCELLED");
            assertThat(view.getString("reason")).isEqualTo("cancelled by alice: wrong LUT");
            assertThat(view.getList("tasks.state", String.class)).containsOnly("CANCELLED");
            assertThat(view.getList("clips.state", String.class)).containsOnly("CANCELLED");
            assertThat(view.getList("history.to", String.class))
                    .containsExactly("SUBMITTED", "PLANNED", "RUNNING", "CANCELLED");

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(control.values(WorkerControl.class))
                    .filteredOn(c -> c instanceof WorkerControl.CancelTasks ct
                            && ct.jobId().equals(job.jobId()))
                    .singleElement()
                    .satisfies(c -> {
                        WorkerControl.CancelTasks ct = (WorkerControl.CancelTasks) c;
                        assertThat(ct.taskIds()).containsExactlyInAnyOrderElementsOf(taskIds);
                        assertThat(ct.reason()).isEqualTo("cancelled by alice: wrong LUT");
                    }));
            await().atMost(Duration.ofSeconds(10)).until(() -> jobEvents.values(JobEvent.class).stream()
                    .anyMatch(e -> e.jobId().equals(job.jobId())
                            && e.state() == JobState.CANCELLED
                            && e.previous() == JobState.RUNNING));

            // free slots everywhere: nothing more of the cancelled job is published
            ItSupport.heartbeat(worker, pool, 4, 0);
            await().during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(4))
                    .until(() -> published(tasks, job.jobId()).size() == 1);
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> !Files.exists(promoted.getParent().getParent()));

            Response again = post("/jobs/" + job.jobId() + "/cancel", null);
            assertThat(again.statusCode()).isEqualTo(409);
            assertThat(again.contentType()).startsWith("application/json");
            assertThat(again.jsonPath().getString("problem")).isEqualTo("WRONG_STATE");
            assertThat(again.jsonPath().getString("error")).contains("CANCELLED");
        }
    }

    @Test
    void pauseHoldsDispatchAgainstFreeSlotsAndResumeRestartsIt() {
        String pool = pool();
        String worker = "it-worker-" + pool;
        JobSubmitted job = planned(pool);
        Response paused = postAs("bob", "/jobs/" + job.jobId() + "/pause", null);
        assertThat(paused.statusCode()).isEqualTo(200);
        assertThat(paused.jsonPath().getString("state")).isEqualTo("PAUSED");
        assertThat(paused.jsonPath().getString("reason")).isEqualTo("paused by bob");
        assertThat(post("/jobs/" + job.jobId() + "/pause", null).statusCode()).isEqualTo(409);

        try (var tasks = new ItSupport.TopicReader(Topics.tasks(pool))) {
            ItSupport.heartbeat(worker, pool, 2, 0);
            await().atMost(Duration.ofSeconds(10)).until(() -> given().get("/workers")
                    .jsonPath()
                    .getList("findAll { it.id == '" + worker + "' }.state", String.class)
                    .contains("UP"));
            await().during(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> published(tasks, job.jobId()).isEmpty());
            assertThat(ItSupport.jobState(job.jobId())).isEqualTo("PAUSED");

            Response resumed = post("/jobs/" + job.jobId() + "/resume", null);
            assertThat(resumed.statusCode()).isEqualTo(200);
            assertThat(resumed.jsonPath().getString("state")).isIn("PLANNED", "RUNNING");
            assertThat(resumed.jsonPath().getString("reason")).isNull();
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> published(tasks, job.jobId()).size() == 2);
            await().atMost(Duration.ofSeconds(5)).until(() -> "RUNNING".equals(ItSupport.jobState(job.jobId())));
            assertThat(ItSupport.job(job.jobId()).getList("history.to", String.class))
                    .containsSubsequence("PLANNED", "PAUSED", "PLANNED", "RUNNING");
            assertThat(post("/jobs/" + job.jobId() + "/resume", null).statusCode())
                    .isEqualTo(409);
        }
    }

    @Test
    void aPriorityChangeTakesTheNextFreeSlot() {
        String pool = pool();
        JobSubmitted older = planned(pool);
        JobSubmitted newer = planned(pool);
        Response patched =
                given().contentType(ContentType.JSON).body("{\"priority\": 60}").patch("/jobs/" + newer.jobId());
        assertThat(patched.statusCode()).isEqualTo(200);
        assertThat(patched.jsonPath().getInt("priority")).isEqualTo(60);

        try (var tasks = new ItSupport.TopicReader(Topics.tasks(pool))) {
            ItSupport.heartbeat("it-worker-" + pool, pool, 1, 0);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> tasks.values(RenderTask.class).size() == 1);
            // without the change the older job would go first (same priority, older)
            assertThat(tasks.values(RenderTask.class).get(0).jobId()).isEqualTo(newer.jobId());
            assertThat(ItSupport.jobState(older.jobId())).isEqualTo("PLANNED");
        }
    }

    @Test
    void retryOfAFailedJobRedispatchesItsTasksAsTheNextAttempt() {
        String pool = pool();
        JobSubmitted job = planned(pool);
        Map<String, Object> segment = ItSupport.firstTaskOfKind(ItSupport.job(job.jobId()), "VIDEO_SEGMENT");
        String failedId = (String) segment.get("id");
        assertThat(post("/jobs/" + job.jobId() + "/retry", null).statusCode())
                .as("not FAILED yet")
                .isEqualTo(409);
        ItSupport.send(
                Topics.TASKS_EVENTS,
                job.jobId(),
                new TaskEvent.TaskFailed(
                        UUID.randomUUID().toString(),
                        Instant.now(),
                        job.jobId(),
                        failedId,
                        1,
                        1,
                        "it-worker",
                        FailureReason.BAD_INPUT,
                        "bad frame 3"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "FAILED".equals(ItSupport.jobState(job.jobId())));

        Response retried = postAs("carol", "/jobs/" + job.jobId() + "/retry", null);

        assertThat(retried.statusCode()).isEqualTo(200);
        JsonPath view = retried.jsonPath();
        assertThat(view.getString("state")).isEqualTo("PLANNED");
        assertThat(view.getString("reason")).isNull();
        assertThat(view.getList("tasks.state", String.class)).containsOnly("PENDING");
        assertThat(view.getList("tasks.attempt", Integer.class)).containsOnly(2);
        assertThat(view.getList("clips.state", String.class)).containsOnly("PLANNED");
        assertThat(view.getList("history.to", String.class)).endsWith("FAILED", "PLANNED");
        assertThat(view.getList("history.reason", String.class)).last().isEqualTo("retry by carol");

        try (var tasks = new ItSupport.TopicReader(Topics.tasks(pool))) {
            ItSupport.heartbeat("it-worker-" + pool, pool, 4, 0);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> published(tasks, job.jobId()).size() == 4);
            assertThat(published(tasks, job.jobId()))
                    .filteredOn(t -> t.taskId().equals(failedId))
                    .singleElement()
                    .satisfies(t -> assertThat(t.attempt()).isEqualTo(2));
            await().atMost(Duration.ofSeconds(5)).until(() -> "RUNNING".equals(ItSupport.jobState(job.jobId())));
        }
    }

    @Test
    void drainSendsTheCommandAndShowsTheWorkerDraining() {
        String pool = pool();
        String worker = "it-worker-" + pool;
        ItSupport.heartbeat(worker, pool, 2, 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> workerState(worker) != null);
        try (var control = new ItSupport.TopicReader(Topics.WORKERS_CONTROL)) {
            Response drained = post("/workers/" + worker + "/drain", null);
            assertThat(drained.statusCode()).isEqualTo(202);
            assertThat(drained.jsonPath().getString("command")).isEqualTo("drain");
            assertThat(workerState(worker)).isEqualTo("DRAINING");
            await().atMost(Duration.ofSeconds(10)).until(() -> control.values(WorkerControl.class).stream()
                    .anyMatch(c ->
                            c instanceof WorkerControl.Drain d && d.workerId().equals(worker)));

            assertThat(post("/workers/" + worker + "/undrain", null).statusCode())
                    .isEqualTo(202);
            assertThat(workerState(worker)).isEqualTo("UP");
            await().atMost(Duration.ofSeconds(10)).until(() -> control.values(WorkerControl.class).stream()
                    .anyMatch(c ->
                            c instanceof WorkerControl.Undrain u && u.workerId().equals(worker)));
        }
    }

    @Test
    void refusedRequestsAnswerWithJsonErrors() {
        String unknown = UUID.randomUUID().toString();
        assertError(post("/jobs/" + unknown + "/cancel", null), 404);
        assertError(post("/jobs/" + unknown + "/pause", null), 404);
        assertError(post("/jobs/not-a-uuid/cancel", null), 400);
        assertError(post("/workers/no-such-worker/drain", null), 404);

        JobSubmitted job = planned(pool());
        String path = "/jobs/" + job.jobId();
        for (String body : List.of(
                "{\"priority\": 101}", "{\"priority\": -1}", "{\"priority\": \"high\"}", "{\"priority\": 2.5}", "{}")) {
            assertError(given().contentType(ContentType.JSON).body(body).patch(path), 422);
        }
        assertError(given().contentType(ContentType.JSON).body("{not json").patch(path), 400);
        assertError(post(path + "/resume", null), 409);
        assertError(post(path + "/retry?failedOnly=true", null), 409);
        assertThat(ItSupport.job(job.jobId()).getInt("priority")).isZero();
    }

    private static void assertError(Response r, int status) {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.jsonPath().getString("problem")).isNotBlank();
        assertThat(r.jsonPath().getString("error")).isNotBlank();
    }

    private static String workerState(String workerId) {
        List<String> states = given().get("/workers")
                .jsonPath()
                .getList("findAll { it.id == '" + workerId + "' }.state", String.class);
        return states.isEmpty() ? null : states.get(0);
    }
}
