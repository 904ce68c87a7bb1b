package io.darkroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.darkroom.local.DarkroomClient;
import io.darkroom.local.JobStatus;
import io.darkroom.local.LocalAuth;
import io.darkroom.local.RepoPaths;
import io.darkroom.local.Stack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: a job of no-op tasks (bench/dispatch's) takes the real path on a stack of its own started as
 * {@code ./darkroom up --bench --slots 4} starts it: catalog PENDING, dispatcher, the pool's share group, a worker
 * that runs no-op tasks, TaskDone, DONE, and the job SUCCEEDED without assembly. Only an admin may make one, and the
 * task count is checked.
 */
class NoopDispatchIT {
    private static final int TASKS = 300;
    static Stack stack;

    @BeforeAll
    static void start() throws IOException {
        Path base = Files.createDirectories(RepoPaths.repoRoot().resolve("e2e/target"));
        stack = Stack.start(
                Files.createTempDirectory(base, "noop-stack-"),
                Stack.Options.defaults()
                        .withWorkers(1)
                        .withServiceConfig(Stack.WORKER, "darkroom.worker.slots", "4")
                        .withServiceConfig(Stack.WORKER, "darkroom.worker.noop-tasks", "true")
                        .withServiceConfig(Stack.PROCESS, "darkroom.bench.noop-jobs", "true"));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aJobOfNoopTasksRunsThroughDispatchTheShareGroupAndAWorkerToSucceeded() {
        DarkroomClient admin = stack.client(LocalAuth.DemoUser.ADMIN);
        JsonNode created = admin.noopJob(TASKS);
        String jobId = created.path("jobId").asText();
        assertThat(created.path("tasks").asInt()).isEqualTo(TASKS);

        JobStatus job = admin.awaitTerminal(jobId, Duration.ofMinutes(3), j -> {});
        assertThat(job.state()).as(Jobs.describe(job)).isEqualTo("SUCCEEDED");
        assertThat(job.tasks()).hasSize(TASKS).allSatisfy(t -> {
            assertThat(t.path("kind").asText()).isEqualTo("NOOP");
            assertThat(t.path("state").asText()).isEqualTo("DONE");
            assertThat(t.path("attempt").asInt()).as("no retry").isEqualTo(1);
            assertThat(t.path("workerId").asText()).isNotBlank();
            // the catalog's own records bench/dispatch reads: the broker's ack (filled in also where the worker's
            // events overtook the dispatcher's bookkeeping), the start and the finish
            assertThat(t.path("publishedAt").isTextual()).as("publishedAt").isTrue();
            assertThat(t.path("startedAt").isTextual()).as("startedAt").isTrue();
            assertThat(Instant.parse(t.path("startedAt").asText()))
                    .isBeforeOrEqualTo(Instant.parse(t.path("finishedAt").asText()));
        });
        JsonNode full = admin.jobJson(jobId);
        assertThat(full.path("history").findValuesAsText("to"))
                .as("done without assembly work: straight from ASSEMBLING to SUCCEEDED")
                .containsSubsequence("PLANNED", "RUNNING", "ASSEMBLING", "SUCCEEDED");
        assertThat(full.path("clips").get(0).path("state").asText()).isEqualTo("DONE");
    }

    @Test
    void onlyAnAdminMakesNoopJobsAndTheTaskCountIsChecked() {
        var artist =
                catchThrowableOfType(DarkroomClient.ApiException.class, () -> stack.client(LocalAuth.DemoUser.ARTIST)
                        .noopJob(1));
        assertThat(artist.status()).isEqualTo(403);
        assertThat(artist.body()).contains("admin");

        DarkroomClient admin = stack.client(LocalAuth.DemoUser.ADMIN);
        for (int bad : new int[] {0, -3, 20_001}) {
            var refused = catchThrowableOfType(DarkroomClient.ApiException.class, () -> admin.noopJob(bad));
            assertThat(refused.status()).as("tasks " + bad).isEqualTo(422);
            assertThat(refused.body())
                    .contains("INVALID_VALUE")
                    .contains("tasks must be 1 to 20000")
                    .contains("was " + bad);
        }
    }
}
