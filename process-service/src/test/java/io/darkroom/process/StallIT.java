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

    /**
     * Stall detection in seconds instead of minutes: long enough for this test to answer a published attempt on a
     * loaded machine (a published attempt nobody starts stalls too), short enough to wait for.
     */
    public static class ShortStall implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("darkroom.dispatch.stall-timeout", "5s", "darkroom.dispatch.stall-check-interval", "1s");
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
        RenderTask second;
        try (var topic = new ItSupport.TopicReader(Topics.tasks(pool))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> !topic.records().isEmpty());
            // the attempt published last (an earlier one may already have stalled unstarted on a loaded machine)
            RenderTask first = latest(topic);
            started(first, 1, worker);
            // the worker goes silent but keeps its heartbeat (hung, not dead)
            ItSupport.heartbeat(worker, pool, 1, 1);
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        ItSupport.heartbeat(worker, pool, 1, 0);
                        return latest(topic).attempt() > first.attempt();
                    });
            second = latest(topic);
            assertThat(second.taskId()).isEqualTo(first.taskId());
            assertThat(second.attempt()).isEqualTo(first.attempt() + 1);

            // the hung attempt wakes up and reports: ignored; the new attempt's result is promoted
            started(first, 1, worker);
            ItSupport.send(
                    Topics.TASKS_EVENTS,
                    second.jobId(),
                    new TaskEvent.TaskDone(
                            UUID.randomUUID().toString(),
                            Instant.now(),
                            second.jobId(),
                            second.taskId(),
                            second.attempt(),
                            1,
                            worker,
                            List.of(DispatchIT.renderSegment(second, worker))));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> "SUCCEEDED".equals(ItSupport.jobState(job.jobId())));
        var view = ItSupport.job(job.jobId());
        assertThat(view.getInt("tasks[0].attempt")).isEqualTo(second.attempt());
        assertThat(view.getInt("promotions")).isEqualTo(1);
        assertThat(view.getString("tasks[0].reason")).isNull();
    }

    /**
     * A task whose last allowed delivery went silent (its worker died with it each time: a source that crashes the
     * decoder) fails for good with a reason that says so, instead of feeding new attempts to the next workers.
     */
    @Test
    void aTaskWhoseEveryDeliveryLostItsWorkerFailsForGood() throws Exception {
        String pool = "it-crash-" + UUID.randomUUID().toString().substring(0, 8);
        String worker = "it-worker-" + pool;
        JobSubmitted job = ItSupport.job(pool, ItSupport.PRORES, 100, 0, 0);
        ItSupport.submit(job);
        ItSupport.heartbeat(worker, pool, 1, 0);
        await().atMost(Duration.ofSeconds(30)).until(() -> "RUNNING".equals(ItSupport.jobState(job.jobId())));
        try (var topic = new ItSupport.TopicReader(Topics.tasks(pool))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> !topic.records().isEmpty());
            RenderTask first = latest(topic);
            started(first, Topics.DELIVERY_COUNT_LIMIT, worker);
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        ItSupport.heartbeat(worker, pool, 1, 0);
                        return "FAILED".equals(ItSupport.jobState(job.jobId()));
                    });
            var view = ItSupport.job(job.jobId());
            assertThat(view.getString("reason"))
                    .contains("each of the " + Topics.DELIVERY_COUNT_LIMIT + " deliveries")
                    .contains("not tried again");
            assertThat(view.getInt("tasks[0].attempt")).isEqualTo(first.attempt());
            assertThat(latest(topic).attempt()).as("no new attempt published").isEqualTo(first.attempt());
        }
    }

    /** A worker's TaskStarted for a task's attempt, as delivery {@code delivery} of its record. */
    private static void started(RenderTask task, int delivery, String worker) {
        ItSupport.send(
                Topics.TASKS_EVENTS,
                task.jobId(),
                new TaskEvent.TaskStarted(
                        UUID.randomUUID().toString(),
                        Instant.now(),
                        task.jobId(),
                        task.taskId(),
                        task.attempt(),
                        delivery,
                        worker));
    }

    private static RenderTask latest(ItSupport.TopicReader topic) {
        List<RenderTask> all = topic.values(RenderTask.class);
        return all.get(all.size() - 1);
    }
}
