package io.darkroom.process;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darkroom.contracts.AttemptFiles;
import io.darkroom.contracts.FailureReason;
import io.darkroom.contracts.JobSubmitted;
import io.darkroom.contracts.RenderTask;
import io.darkroom.contracts.TaskEvent;
import io.darkroom.contracts.TaskEvent.SegmentFile;
import io.darkroom.contracts.Topics;
import io.darkroom.contracts.WorkerHeartbeat;
import io.darkroom.contracts.WorkerHeartbeat.PoolSlots;
import io.darkroom.local.test.DarkroomTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Pools (a GPU worker lending idle slots to the cpu pool), worker states in GET /workers, and a lost worker's task
 * finished by a later delivery of the same attempt on another worker.
 */
@QuarkusTest
@WithTestResource(value = DarkroomTestResource.class, scope = TestResourceScope.GLOBAL)
class SchedulingIT {
    @org.junit.jupiter.api.BeforeEach
    void signIn() {
        ItSupport.signInWithEveryRole();
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static void heartbeat(
            String workerId,
            String pool,
            int slots,
            int busy,
            List<String> current,
            List<PoolSlots> pools,
            Instant time) {
        ItSupport.send(
                Topics.WORKERS_HEARTBEAT,
                workerId,
                new WorkerHeartbeat(
                        workerId,
                        "it-host",
                        pool,
                        slots,
                        busy,
                        WorkerHeartbeat.WorkerState.UP,
                        new WorkerHeartbeat.Capabilities(
                                List.of("libx264", "ffv1"),
                                "NVIDIA L4, 23034 MiB",
                                8,
                                List.of(new WorkerHeartbeat.Gpu("NVIDIA L4", 23034L))),
                        current,
                        time,
                        pools));
    }

    private static void started(RenderTask t, int delivery, String worker) {
        ItSupport.send(
                Topics.TASKS_EVENTS,
                t.jobId(),
                new TaskEvent.TaskStarted(
                        UUID.randomUUID().toString(),
                        Instant.now(),
                        t.jobId(),
                        t.taskId(),
                        t.attempt(),
                        delivery,
                        worker));
    }

    private static void done(RenderTask t, int delivery, String worker, List<SegmentFile> files) {
        ItSupport.send(
                Topics.TASKS_EVENTS,
                t.jobId(),
                new TaskEvent.TaskDone(
                        UUID.randomUUID().toString(),
                        Instant.now(),
                        t.jobId(),
                        t.taskId(),
                        t.attempt(),
                        delivery,
                        worker,
                        files));
    }

    private static Map<String, Object> task(String jobId, String taskId) {
        return ItSupport.job(jobId).getMap("tasks.find { it.id == '" + taskId + "' }");
    }

    @Test
    void aGpuWorkerThatAlsoServesCpuTakesCpuTasksButGpuTasksNeverGoToTheCpuTopic() {
        String s = suffix();
        String gpu = "itgpu-" + s;
        String cpu = "itcpu-" + s;
        String worker = "it-gpu-worker-" + s;
        JobSubmitted cpuJob = ItSupport.job(cpu, ItSupport.PRORES, 25, 0, 0); // 4 tasks
        ItSupport.submit(cpuJob);
        await().atMost(Duration.ofSeconds(30)).until(() -> "PLANNED".equals(ItSupport.jobState(cpuJob.jobId())));
        try (var cpuTopic = new ItSupport.TopicReader(Topics.tasks(cpu));
                var gpuTopic = new ItSupport.TopicReader(Topics.tasks(gpu))) {
            // a gpu worker, 2 slots, both of which may take cpu work: the cpu job gets 2 tasks on darkroom.tasks.<cpu>
            heartbeat(
                    worker,
                    gpu,
                    2,
                    0,
                    List.of(),
                    List.of(new PoolSlots(gpu, 2, 0), new PoolSlots(cpu, 2, 0)),
                    Instant.now());
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> cpuTopic.records().size() == 2);
            await().during(Duration.ofMillis(1500))
                    .atMost(Duration.ofSeconds(3))
                    .until(() -> cpuTopic.records().size() == 2);
            assertThat(ItSupport.jobState(cpuJob.jobId())).isEqualTo("RUNNING");

            // a gpu job now: the worker's slots are promised to the published cpu tasks, so nothing yet
            JobSubmitted gpuJob = ItSupport.job(gpu, ItSupport.PRORES, 25, 0, 0);
            ItSupport.submit(gpuJob);
            await().atMost(Duration.ofSeconds(30)).until(() -> "PLANNED".equals(ItSupport.jobState(gpuJob.jobId())));
            await().during(Duration.ofMillis(1500))
                    .atMost(Duration.ofSeconds(3))
                    .until(() ->
                            gpuTopic.records().isEmpty() && cpuTopic.records().size() == 2);

            // the worker runs both cpu tasks and finishes them: its free slots go to the gpu job first
            List<RenderTask> cpuTasks = cpuTopic.values(RenderTask.class);
            for (RenderTask t : cpuTasks) {
                started(t, 1, worker);
            }
            heartbeat(
                    worker,
                    gpu,
                    2,
                    2,
                    cpuTasks.stream().map(RenderTask::taskId).sorted().toList(),
                    List.of(new PoolSlots(gpu, 2, 0), new PoolSlots(cpu, 2, 2)),
                    Instant.now());
            for (RenderTask t : cpuTasks) {
                done(
                        t,
                        1,
                        worker,
                        List.of(new SegmentFile(
                                "review",
                                AttemptFiles.of(t.outputPrefix(), "review", t.attempt(), 1, worker, "mp4"),
                                25,
                                1_041_666,
                                1,
                                null)));
            }
            heartbeat(
                    worker,
                    gpu,
                    2,
                    0,
                    List.of(),
                    List.of(new PoolSlots(gpu, 2, 0), new PoolSlots(cpu, 2, 0)),
                    Instant.now());
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> gpuTopic.records().size() == 2);
            await().during(Duration.ofMillis(1500))
                    .atMost(Duration.ofSeconds(3))
                    .until(() ->
                            gpuTopic.records().size() == 2 && cpuTopic.records().size() == 2);
            assertThat(gpuTopic.values(RenderTask.class))
                    .extracting(RenderTask::jobId)
                    .containsOnly(gpuJob.jobId());
            assertThat(cpuTopic.values(RenderTask.class))
                    .extracting(RenderTask::jobId)
                    .containsOnly(cpuJob.jobId());
        }
        JsonPath workers = given().get("/workers").jsonPath();
        Map<String, Object> view = workers.getMap("find { it.id == '" + worker + "' }");
        assertThat(view).containsEntry("pool", gpu).containsEntry("state", "UP");
        assertThat(workers.getList("find { it.id == '" + worker + "' }.pools.pool", String.class))
                .containsExactly(gpu, cpu);
        assertThat(workers.getString("find { it.id == '" + worker + "' }.capabilities.gpus[0].model"))
                .isEqualTo("NVIDIA L4");
        assertThat(workers.getLong("find { it.id == '" + worker + "' }.capabilities.gpus[0].memoryMiB"))
                .isEqualTo(23034L);
    }

    @Test
    void workersWithoutARecentHeartbeatAreLostAndTombstonedOnesGone() {
        String s = suffix();
        String lost = "it-lost-" + s;
        String up = "it-up-" + s;
        String gone = "it-gone-" + s;
        heartbeat(lost, "cpu-" + s, 1, 1, List.of("t1"), null, Instant.now().minus(Duration.ofMinutes(1)));
        heartbeat(up, "cpu-" + s, 1, 0, List.of(), null, Instant.now());
        heartbeat(gone, "cpu-" + s, 1, 0, List.of(), null, Instant.now());
        ItSupport.send(Topics.WORKERS_HEARTBEAT, gone, null);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonPath workers = given().get("/workers").jsonPath();
            assertThat(workers.getString("find { it.id == '" + lost + "' }.state"))
                    .isEqualTo("LOST");
            assertThat(workers.getString("find { it.id == '" + up + "' }.state"))
                    .isEqualTo("UP");
            assertThat(workers.getString("find { it.id == '" + gone + "' }.state"))
                    .isEqualTo("GONE");
            assertThat(workers.getList("find { it.id == '" + lost + "' }.currentTasks", String.class))
                    .containsExactly("t1");
            // a worker that does not report pools is shown with its own pool only
            assertThat(workers.getList("find { it.id == '" + up + "' }.pools.pool", String.class))
                    .containsExactly("cpu-" + s);
        });
    }

    @Test
    void aLostWorkersTaskIsFinishedByTheNextDeliveryOfTheSameAttemptAndPromotedOnce() throws Exception {
        String s = suffix();
        String pool = "itlost-" + s;
        String w1 = "it-w1-" + s;
        String w2 = "it-w2-" + s;
        JobSubmitted job = ItSupport.job(pool, ItSupport.PRORES, 100, 0, 0); // one 100-frame segment
        ItSupport.submit(job);
        await().atMost(Duration.ofSeconds(30)).until(() -> "PLANNED".equals(ItSupport.jobState(job.jobId())));
        RenderTask t;
        try (var topic = new ItSupport.TopicReader(Topics.tasks(pool))) {
            ItSupport.heartbeat(w1, pool, 1, 0);
            await().atMost(Duration.ofSeconds(10)).until(() -> topic.records().size() == 1);
            t = topic.values(RenderTask.class).get(0);
        }
        started(t, 1, w1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> w1.equals(task(job.jobId(), t.taskId()).get("workerId")));
        // w1 dies; the share group hands the record to w2 as delivery 2 of the same attempt
        started(t, 2, w2);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> w2.equals(task(job.jobId(), t.taskId()).get("workerId")));
        ItSupport.send(
                Topics.TASKS_EVENTS,
                t.jobId(),
                new TaskEvent.TaskProgress(
                        UUID.randomUUID().toString(), Instant.now(), t.jobId(), t.taskId(), 1, 2, w2, 40, 100));
        // late words of delivery 1 (w1 was only cut off): neither its start, progress nor failure move the task
        started(t, 1, w1);
        ItSupport.send(
                Topics.TASKS_EVENTS,
                t.jobId(),
                new TaskEvent.TaskProgress(
                        UUID.randomUUID().toString(), Instant.now(), t.jobId(), t.taskId(), 1, 1, w1, 90, 100));
        ItSupport.send(
                Topics.TASKS_EVENTS,
                t.jobId(),
                new TaskEvent.TaskFailed(
                        UUID.randomUUID().toString(),
                        Instant.now(),
                        t.jobId(),
                        t.taskId(),
                        1,
                        1,
                        w1,
                        FailureReason.STORAGE,
                        "disk vanished"));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> {
            Map<String, Object> now = task(job.jobId(), t.taskId());
            return "RUNNING".equals(now.get("state"))
                    && Integer.valueOf(1).equals(now.get("attempt"))
                    && w2.equals(now.get("workerId"))
                    && Integer.valueOf(40).equals(now.get("framesDone"));
        });

        done(t, 2, w2, List.of(DispatchIT.renderSegment(t, w2)));
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            String state = ItSupport.jobState(job.jobId());
            return "SUCCEEDED".equals(state) || "FAILED".equals(state);
        });
        // and the lost delivery's own result, arriving last, is not promoted again
        done(t, 1, w1, List.of(DispatchIT.renderSegment(t, w1)));
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> ItSupport.job(job.jobId()).getInt("promotions") == 1);
        JsonPath view = ItSupport.job(job.jobId());
        assertThat(view.getString("reason")).isNull();
        assertThat(view.getString("state")).isEqualTo("SUCCEEDED");
        assertThat(view.getString("tasks[0].workerId")).isEqualTo(w2);
        assertThat(view.getInt("tasks[0].attempt")).isEqualTo(1);
        assertThat(DarkroomTestResource.storageRoot("out").resolve("it/" + job.jobId()))
                .isDirectory();
    }
}
