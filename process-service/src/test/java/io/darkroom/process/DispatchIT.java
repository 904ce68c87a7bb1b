package io.darkroom.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darkroom.contracts.AttemptFiles;
import io.darkroom.contracts.JobSubmitted;
import io.darkroom.contracts.RenderTask;
import io.darkroom.contracts.SourceRef;
import io.darkroom.contracts.TaskEvent;
import io.darkroom.contracts.TaskEvent.SegmentFile;
import io.darkroom.contracts.Topics;
import io.darkroom.local.test.DarkroomTestResource;
import io.darkroom.media.Ffmpeg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Metered dispatch against heartbeats, then a simulated worker (segments made with FFmpeg from the real clip):
 * promotion once per task, assembly by stream copy, QC, job SUCCEEDED.
 */
@QuarkusTest
@WithTestResource(value = DarkroomTestResource.class, scope = TestResourceScope.GLOBAL)
class DispatchIT {
    private static final int SEGMENT_FRAMES = 25;

    @BeforeEach
    void signIn() {
        // another IT class (AuthIT) may have dropped the default token: every class signs in for itself
        ItSupport.signInWithEveryRole();
    }

    @Test
    void tasksAreMeteredByFreeSlotsThenAssembledAndVerified() throws Exception {
        String pool = "it-disp-" + UUID.randomUUID().toString().substring(0, 8);
        String worker = "it-worker-" + pool;
        // 100 frames of 64x64 ProRes, 25 frames per segment: 4 video tasks, no audio
        JobSubmitted job = ItSupport.job(pool, ItSupport.PRORES, SEGMENT_FRAMES, 0, 0);
        ItSupport.submit(job);
        await().atMost(Duration.ofSeconds(30)).until(() -> "PLANNED".equals(ItSupport.jobState(job.jobId())));
        // no live worker in the pool: nothing is published
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> "PLANNED"
                .equals(ItSupport.jobState(job.jobId())));

        ItSupport.heartbeat(worker, pool, 1, 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> "RUNNING".equals(ItSupport.jobState(job.jobId())));
        List<RenderTask> tasks;
        try (var topic = new ItSupport.TopicReader(Topics.tasks(pool))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> topic.records().size() == 1);
            // one free slot, one published task not started yet: nothing more
            await().during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(4))
                    .until(() -> topic.records().size() == 1);

            ItSupport.heartbeat(worker, pool, 3, 0);
            await().atMost(Duration.ofSeconds(5)).until(() -> topic.records().size() >= 3);
            await().during(Duration.ofMillis(1500))
                    .atMost(Duration.ofSeconds(3))
                    .until(() -> topic.records().size() == 3);

            ItSupport.heartbeat(worker, pool, 4, 0);
            await().atMost(Duration.ofSeconds(5)).until(() -> topic.records().size() == 4);
            tasks = topic.values(RenderTask.class).stream()
                    .sorted(Comparator.comparingInt(RenderTask::segmentIndex))
                    .toList();
        }
        assertThat(tasks).extracting(RenderTask::segmentIndex).containsExactly(0, 1, 2, 3);
        assertThat(tasks).allSatisfy(t -> {
            assertThat(t.attempt()).isEqualTo(1);
            assertThat(t.jobId()).isEqualTo(job.jobId());
            assertThat(t.kind()).isEqualTo(RenderTask.TaskKind.VIDEO_SEGMENT);
            assertThat(t.fpsNum()).isEqualTo(24);
            assertThat(t.fpsDen()).isEqualTo(1);
            assertThat(t.expectedFrames()).isEqualTo(SEGMENT_FRAMES);
            assertThat(t.outputs()).singleElement().satisfies(o -> {
                assertThat(o.width()).isEqualTo(64);
                assertThat(o.height()).isEqualTo(64);
            });
            assertThat(t.outputPrefix().root()).isEqualTo("work");
            assertThat(t.outputPrefix().path())
                    .isEqualTo("jobs/" + job.jobId() + "/" + t.clipId() + String.format("/seg-%05d", t.segmentIndex()));
        });
        assertThat(tasks.get(3).endUs()).isEqualTo(Long.MAX_VALUE);

        // results nobody should be able to make process-service promote (and sign): a file of another root, a path
        // that climbs out of the task's folder, another output name, a file named for another attempt
        RenderTask t0 = tasks.get(0);
        SegmentFile real = renderSegment(t0, "intruder");
        List<List<SegmentFile>> forged = List.of(
                List.of(new SegmentFile("review", new SourceRef("media", ItSupport.PRORES), 25, 1_041_666, 1, null)),
                List.of(new SegmentFile(
                        "review",
                        new SourceRef(
                                "work",
                                t0.outputPrefix().path()
                                        + ".review.a1-d1-intruder/../../../../provenance-key/site.pem"),
                        25,
                        1_041_666,
                        1,
                        null)),
                List.of(new SegmentFile("master", real.file(), 25, 1_041_666, 1, null)),
                List.of(real, real),
                List.of(new SegmentFile(
                        "review",
                        AttemptFiles.of(t0.outputPrefix(), "review", 2, 1, "intruder", "mp4"),
                        25,
                        1_041_666,
                        1,
                        null)));
        for (List<SegmentFile> files : forged) {
            ItSupport.send(
                    Topics.TASKS_EVENTS,
                    t0.jobId(),
                    new TaskEvent.TaskDone(
                            UUID.randomUUID().toString(),
                            Instant.now(),
                            t0.jobId(),
                            t0.taskId(),
                            t0.attempt(),
                            1,
                            "intruder",
                            files));
        }
        ItSupport.send(
                Topics.TASKS_EVENTS,
                t0.jobId(),
                new TaskEvent.TaskDone(
                        UUID.randomUUID().toString(),
                        Instant.now(),
                        t0.jobId(),
                        t0.taskId(),
                        2,
                        1,
                        "intruder",
                        List.of(real)));

        for (RenderTask t : tasks) {
            SegmentFile file = renderSegment(t, worker);
            ItSupport.send(
                    Topics.TASKS_EVENTS,
                    t.jobId(),
                    new TaskEvent.TaskStarted(
                            UUID.randomUUID().toString(),
                            Instant.now(),
                            t.jobId(),
                            t.taskId(),
                            t.attempt(),
                            1,
                            worker));
            ItSupport.send(
                    Topics.TASKS_EVENTS,
                    t.jobId(),
                    new TaskEvent.TaskDone(
                            UUID.randomUUID().toString(),
                            Instant.now(),
                            t.jobId(),
                            t.taskId(),
                            t.attempt(),
                            1,
                            worker,
                            List.of(file)));
        }
        // a redelivered duplicate of the first task finishing later elsewhere: never promoted twice
        RenderTask first = tasks.get(0);
        ItSupport.send(
                Topics.TASKS_EVENTS,
                first.jobId(),
                new TaskEvent.TaskDone(
                        UUID.randomUUID().toString(),
                        Instant.now(),
                        first.jobId(),
                        first.taskId(),
                        first.attempt(),
                        2,
                        "other-worker",
                        List.of(renderSegment(first, "other-worker"))));

        await().atMost(Duration.ofSeconds(90)).until(() -> {
            String s = ItSupport.jobState(job.jobId());
            return "SUCCEEDED".equals(s) || "FAILED".equals(s);
        });
        JsonPath view = ItSupport.job(job.jobId());
        assertThat(view.getString("reason")).isNull();
        assertThat(view.getString("state")).isEqualTo("SUCCEEDED");
        assertThat(view.getInt("promotions")).isEqualTo(4);
        assertThat(view.getList("tasks.state", String.class)).containsOnly("DONE");
        assertThat(view.getList("tasks.workerId", String.class)).containsOnly(worker);
        assertThat(view.getString("clips[0].state")).isEqualTo("DONE");
        assertThat(view.getBoolean("clips[0].outputs[0].qc.passed")).isTrue();
        assertThat(view.getLong("clips[0].outputs[0].qc.frames")).isEqualTo(100);
        Path output = Path.of(view.getString("clips[0].outputs[0].path"));
        assertThat(output).exists().hasFileName("prores_proxy_64x64_24fps_100f_review.mp4");
        assertThat(output.getParent())
                .isEqualTo(DarkroomTestResource.storageRoot("out").resolve("it/" + job.jobId()));
        assertThat(view.getList("history.to", String.class))
                .containsExactly("SUBMITTED", "PLANNED", "RUNNING", "ASSEMBLING", "SUCCEEDED");
        assertThat(view.getDouble("progress.percent")).isEqualTo(100.0);
    }

    /** Encodes a task's frames like a worker would, under the attempt-unique name of the wire agreement. */
    static SegmentFile renderSegment(RenderTask t, String worker) throws Exception {
        String rel = t.outputPrefix().path() + ".review.a" + t.attempt() + "-d1-" + worker + ".mp4";
        Path file = DarkroomTestResource.storageRoot("work").resolve(rel);
        Files.createDirectories(file.getParent());
        long from = (long) t.segmentIndex() * SEGMENT_FRAMES;
        Ffmpeg.Result r = Ffmpeg.ffmpeg(
                List.of(
                        "-v",
                        "error",
                        "-y",
                        "-i",
                        ItSupport.media(ItSupport.PRORES).toString(),
                        "-vf",
                        "trim=start_frame=" + from + ":end_frame=" + (from + t.expectedFrames())
                                + ",setpts=PTS-STARTPTS,scale=64:64,format=yuv420p",
                        "-an",
                        "-c:v",
                        "libx264",
                        "-preset",
                        "veryfast",
                        "-crf",
                        "20",
                        file.toString()),
                Duration.ofMinutes(1));
        assertThat(r.ok()).as(r.stderrTail()).isTrue();
        return new SegmentFile(
                "review",
                new SourceRef("work", rel),
                t.expectedFrames(),
                t.expectedFrames() * 1_000_000L / 24,
                Files.size(file),
                null);
    }
}
