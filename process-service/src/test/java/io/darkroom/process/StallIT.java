package io.darkroom.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darkroom.contracts.JobSubmitted;
import io.darkroom.contracts.RenderTask;
import io.darkroom.contracts.TaskEvent;
import io.darkroom.contracts.Topics;
import io.darkroom.local.test.DarkroomTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A task that started and then went silent is dispatched again as a new attempt; the old attempt is ignored. */
@QuarkusTest
@TestProfile(StallIT.ShortStall.class)
@WithTestResource(value = DarkroomTestResource.class, scope = TestResourceScope.GLOBAL)
class StallIT {

    /** Stall detection in seconds instead of minutes. */
    public static class ShortStall implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("darkroom.dispatch.stall-timeout", "2s", "darkroom.dispatch.stall-check-interval", "1s");
        }
    }

    @BeforeEach
    void signIn() {
        // another IT class (AuthIT) may have dropped the default token: every class signs in for itself
        ItSupport.signInWithEveryRole();
    }

    @Test
    void aSilentRunningTaskGetsANewAttempt() throws Exception {
        String pool = "it-stall-" + UUID.randomUUID().toString().substring(0, 8);
        String worker = "it-worker-" + pool;
        // 100 frames, 100 per segment: one task
        JobSubmitted job = ItSupport.job(pool, ItSupport.PRORES, 100, 0, 0);
        ItSupport.submit(job);
        ItSupport.heartbeat(worker, pool, 1, 0);
        await().atMost(Duration.ofSeconds(30)).until(() -> "RUNNING".equals(ItSupport.jobState(job.jobId())));
        try (var topic = new ItSupport.TopicReader(Topics.tasks(pool))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> topic.records().size() == 1);
            RenderTask first = topic.values(RenderTask.class).get(0);
            assertThat(first.attempt()).isEqualTo(1);
            ItSupport.send(Topics.TASKS_EVENTS, first.jobId(), new TaskEvent.TaskStarted(UUID.randomUUID().toString(),
                    Instant.now(), first.jobId(), first.taskId(), 1, 1, worker));
            // the worker goes silent but keeps its heartbeat (hung, not dead)
            ItSupport.heartbeat(worker, pool, 1, 1);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() -> {
                ItSupport.heartbeat(worker, pool, 1, 0);
                return topic.records().size() == 2;
            });
            RenderTask second = topic.values(RenderTask.class).get(1);
            assertThat(second.taskId()).isEqualTo(first.taskId());
            assertThat(second.attempt()).isEqualTo(2);

            // the hung attempt wakes up and reports: ignored; the new attempt's result is promoted
            ItSupport.send(Topics.TASKS_EVENTS, first.jobId(), new TaskEvent.TaskStarted(UUID.randomUUID().toString(),
                    Instant.now(), first.jobId(), first.taskId(), 1, 1, worker));
            ItSupport.send(Topics.TASKS_EVENTS, second.jobId(), new TaskEvent.TaskDone(UUID.randomUUID().toString(),
                    Instant.now(), second.jobId(), second.taskId(), 2, 1, worker,
                    List.of(DispatchIT.renderSegment(second, worker))));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> "SUCCEEDED".equals(ItSupport.jobState(job.jobId())));
        var view = ItSupport.job(job.jobId());
        assertThat(view.getInt("tasks[0].attempt")).isEqualTo(2);
        assertThat(view.getInt("promotions")).isEqualTo(1);
        assertThat(view.getString("tasks[0].reason")).isNull();
    }
}
