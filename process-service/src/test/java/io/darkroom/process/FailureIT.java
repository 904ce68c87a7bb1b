package io.darkroom.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darkroom.contracts.FailureReason;
import io.darkroom.contracts.JobSubmitted;
import io.darkroom.contracts.RenderTask;
import io.darkroom.contracts.TaskEvent;
import io.darkroom.contracts.Topics;
import io.darkroom.local.test.DarkroomTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Failed attempts: permanent reasons fail the job at once, retryable ones back off until attempts run out. */
@QuarkusTest
@WithTestResource(value = DarkroomTestResource.class, scope = TestResourceScope.GLOBAL)
class FailureIT {

    /** A planned job in a pool without workers (its tasks stay PENDING, which is fine for failure events). */
    private static JobSubmitted planned() {
        String pool = "it-fail-" + UUID.randomUUID().toString().substring(0, 8);
        // 315 frames, 100 per segment: 4 video tasks + 1 audio task
        JobSubmitted job = ItSupport.job(pool, ItSupport.GOPRO, 100, 320, 180);
        ItSupport.submit(job);
        await().atMost(Duration.ofSeconds(30)).until(() -> "PLANNED".equals(ItSupport.jobState(job.jobId())));
        return job;
    }

    private static void fail(String jobId, String taskId, int attempt, FailureReason reason, String message) {
        ItSupport.send(
                Topics.TASKS_EVENTS,
                jobId,
                new TaskEvent.TaskFailed(
                        UUID.randomUUID().toString(),
                        Instant.now(),
                        jobId,
                        taskId,
                        attempt,
                        1,
                        "it-worker",
                        reason,
                        message));
    }

    @BeforeEach
    void signIn() {
        // another IT class (AuthIT) may have dropped the default token: every class signs in for itself
        ItSupport.signInWithEveryRole();
    }

    @Test
    void aPermanentFailureFailsTheJobNamingTheSourceAndCancelsTheRest() {
        JobSubmitted job = planned();
        JsonPath view = ItSupport.job(job.jobId());
        assertThat(view.getList("tasks")).hasSize(5);
        Map<String, Object> segment = ItSupport.firstTaskOfKind(view, "VIDEO_SEGMENT");

        fail(job.jobId(), (String) segment.get("id"), 1, FailureReason.BAD_INPUT, "corrupt bitstream at frame 12");

        await().atMost(Duration.ofSeconds(20)).until(() -> "FAILED".equals(ItSupport.jobState(job.jobId())));
        JsonPath failed = ItSupport.job(job.jobId());
        assertThat(failed.getString("reason"))
                .contains(ItSupport.GOPRO)
                .contains("BAD_INPUT")
                .contains("corrupt bitstream at frame 12");
        assertThat(failed.getString("tasks.find { it.id == '" + segment.get("id") + "' }.state"))
                .isEqualTo("FAILED");
        assertThat(failed.getList("tasks.state", String.class))
                .containsOnly("FAILED", "CANCELLED")
                .filteredOn("CANCELLED"::equals)
                .hasSize(4);
        assertThat(failed.getString("clips[0].state")).isEqualTo("FAILED");
        assertThat(failed.getList("history.to", String.class)).containsExactly("SUBMITTED", "PLANNED", "FAILED");
    }

    @Test
    void retryableFailuresRetryWithNewAttemptsThenDeadLetter() {
        JobSubmitted job = planned();
        String taskId = (String)
                ItSupport.firstTaskOfKind(ItSupport.job(job.jobId()), "AUDIO").get("id");
        try (var dlq = new ItSupport.TopicReader("darkroom.tasks.dlq")) {
            for (int attempt = 1; attempt <= 3; attempt++) {
                fail(job.jobId(), taskId, attempt, FailureReason.STORAGE, "disk full");
                int next = attempt + 1;
                await().atMost(Duration.ofSeconds(20)).until(() -> attemptOf(job.jobId(), taskId) == next);
                assertThat(ItSupport.jobState(job.jobId())).isEqualTo("PLANNED");
            }
            // a late failure of a superseded attempt changes nothing
            fail(job.jobId(), taskId, 1, FailureReason.STORAGE, "late");
            fail(job.jobId(), taskId, 4, FailureReason.OUT_OF_MEMORY, "killed by the kernel");

            await().atMost(Duration.ofSeconds(20)).until(() -> "FAILED".equals(ItSupport.jobState(job.jobId())));
            JsonPath failed = ItSupport.job(job.jobId());
            assertThat(failed.getString("reason"))
                    .contains(ItSupport.GOPRO)
                    .contains("OUT_OF_MEMORY")
                    .contains("no attempts left");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> dlq.records().stream().anyMatch(r -> taskId.equals(r.key())));
            var record = dlq.records().stream()
                    .filter(r -> taskId.equals(r.key()))
                    .findFirst()
                    .orElseThrow();
            assertThat(new String(record.headers().lastHeader("darkroom-reason").value(), StandardCharsets.UTF_8))
                    .isEqualTo("OUT_OF_MEMORY");
            assertThat(io.darkroom.contracts.Json.read(record.value(), RenderTask.class)
                            .attempt())
                    .isEqualTo(4);
        }
        assertThat(DarkroomTestResource.bootstrapServers()).isNotBlank();
    }

    private static int attemptOf(String jobId, String taskId) {
        return ItSupport.job(jobId).getInt("tasks.find { it.id == '" + taskId + "' }.attempt");
    }
}
