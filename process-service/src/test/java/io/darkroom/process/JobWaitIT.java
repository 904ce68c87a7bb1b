package io.darkroom.process;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darkroom.contracts.JobSubmitted;
import io.darkroom.local.test.DarkroomTestResource;
import io.darkroom.process.service.JobChanges;
import io.darkroom.process.service.SourceHashes;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client waiting for a job ({@code GET /jobs/{id}?whileState=S&wait=N}) is answered as soon as the state changes,
 * and a new job's tasks go out without waiting for the dispatcher's next pass. The dispatcher's timed passes are an
 * hour apart here, so only what the code under test asks for dispatches anything.
 */
@QuarkusTest
@TestProfile(JobWaitIT.NoTimedDispatch.class)
@WithTestResource(value = DarkroomTestResource.class, scope = TestResourceScope.GLOBAL)
class JobWaitIT {

    /** The dispatcher passes only when poked (its first timed pass is an hour after start). */
    public static class NoTimedDispatch implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("darkroom.dispatch.interval", "1h");
        }
    }

    @Inject
    JobChanges changes;

    @Inject
    SourceHashes sourceHashes;

    @BeforeEach
    void signIn() {
        ItSupport.signInWithEveryRole();
    }

    /** A planned 4-task job in a pool nobody serves: it stays PLANNED until someone acts on it. */
    private static JobSubmitted planned() {
        JobSubmitted job =
                ItSupport.job("it-wait-" + UUID.randomUUID().toString().substring(0, 8), ItSupport.PRORES, 25, 0, 0);
        ItSupport.submit(job);
        await().atMost(Duration.ofSeconds(30)).until(() -> "PLANNED".equals(ItSupport.jobState(job.jobId())));
        return job;
    }

    private static Response read(String jobId, String query) {
        return given().get("/jobs/" + jobId + query);
    }

    @Test
    void aWaitingReadAnswersWhenTheStateChangesAndNotBefore() throws Exception {
        JobSubmitted job = planned();
        String id = job.jobId();

        // not in the state named: answered at once, the job as it is
        long t0 = System.nanoTime();
        Response other = read(id, "?whileState=RUNNING&wait=20");
        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(other.jsonPath().getString("state")).isEqualTo("PLANNED");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));

        // in it, and nothing changes: answered when the wait is over, unchanged, nobody left waiting
        t0 = System.nanoTime();
        Response held = read(id, "?whileState=PLANNED&wait=1.5");
        assertThat(held.statusCode()).isEqualTo(200);
        assertThat(held.jsonPath().getString("state")).isEqualTo("PLANNED");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(1400));
        assertThat(changes.waiting()).isZero();

        // in it, and it changes during the wait: answered with the new state, long before the wait's end
        CompletableFuture<Response> waiting =
                CompletableFuture.supplyAsync(() -> read(id, "?whileState=planned&wait=25"));
        await().atMost(Duration.ofSeconds(10)).until(() -> changes.waiting(UUID.fromString(id)) == 1);
        long cancelled = System.nanoTime();
        assertThat(given().post("/jobs/" + id + "/cancel").statusCode()).isEqualTo(200);
        Response woken = waiting.get(20, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - cancelled)).isLessThan(Duration.ofSeconds(10));
        assertThat(woken.statusCode()).isEqualTo(200);
        assertThat(woken.jsonPath().getString("state")).isEqualTo("CANCELLED");
        assertThat(woken.jsonPath().getList("history.to", String.class)).endsWith("CANCELLED");
        assertThat(changes.waiting()).isZero();
    }

    @Test
    void waitParametersAreCheckedAndTheRoleStillApplies() {
        JobSubmitted job = planned();
        String id = job.jobId();

        Response state = read(id, "?whileState=BOGUS&wait=1");
        assertThat(state.statusCode()).isEqualTo(422);
        assertThat(state.contentType()).startsWith("application/json");
        assertThat(state.jsonPath().getString("problem")).isEqualTo("UNKNOWN_VALUE");
        assertThat(state.jsonPath().getString("error")).contains("BOGUS").contains("RUNNING");

        for (String wait : new String[] {"31", "-1", "NaN"}) {
            Response r = read(id, "?whileState=PLANNED&wait=" + wait);
            assertThat(r.statusCode()).as(wait).isEqualTo(422);
            assertThat(r.jsonPath().getString("error")).as(wait).contains("0 to 30 seconds");
        }
        Response text = read(id, "?whileState=PLANNED&wait=soon");
        assertThat(text.statusCode()).isEqualTo(400);
        assertThat(text.jsonPath().getString("problem")).isEqualTo("WRONG_TYPE");

        long t0 = System.nanoTime();
        Response unknown = read(UUID.randomUUID().toString(), "?whileState=PLANNED&wait=20");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        assertThat(read("not-a-job", "?whileState=PLANNED&wait=1").statusCode()).isEqualTo(400);
        assertThat(changes.waiting()).isZero();

        // a waiting read is a read: without a valid token no answer (and no wait)
        Response anonymous = given().header("Authorization", "Bearer not-a-token")
                .get("/jobs/" + id + "?whileState=PLANNED&wait=20");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.jsonPath().getString("problem")).isEqualTo("UNAUTHORIZED");
        // signed in without a role that may see jobs: refused before any wait
        Response roleless = given().header("Authorization", ItSupport.bearer("it-no-role"))
                .get("/jobs/" + id + "?whileState=PLANNED&wait=20");
        assertThat(roleless.statusCode()).isEqualTo(403);
        assertThat(roleless.jsonPath().getString("problem")).isEqualTo("FORBIDDEN");
        assertThat(changes.waiting()).isZero();
    }

    @Test
    void aNewJobsTasksGoOutWithoutWaitingForTheNextPassAndItsSourceIsHashedAhead() {
        String pool = "it-poke-" + UUID.randomUUID().toString().substring(0, 8);
        String worker = "it-worker-" + pool;
        ItSupport.heartbeat(worker, pool, 1, 0);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> given().get("/workers").asString().contains(worker));

        JobSubmitted job = ItSupport.job(pool, ItSupport.PRORES, 25, 0, 0);
        ItSupport.submit(job);

        // the next timed pass is an hour away: only planning's own poke publishes the first task
        await().atMost(Duration.ofSeconds(30)).until(() -> "RUNNING".equals(ItSupport.jobState(job.jobId())));
        assertThat(ItSupport.job(job.jobId()).getList("tasks.state", String.class))
                .contains("PUBLISHED");
        // and its source is being hashed for the manifests while it renders, not after its last segment
        assertThat(sourceHashes.known(ItSupport.media(ItSupport.PRORES))).isTrue();
        assertThat(given().post("/jobs/" + job.jobId() + "/cancel").statusCode())
                .isEqualTo(200);
    }
}
