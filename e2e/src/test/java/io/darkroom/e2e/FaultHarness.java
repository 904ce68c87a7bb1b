package io.darkroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.darkroom.contracts.JobState;
import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.SourceRef;
import io.darkroom.local.DarkroomClient;
import io.darkroom.local.JobSpec;
import io.darkroom.local.JobStatus;
import io.darkroom.local.OutputChecks;
import io.darkroom.local.ServiceProcess;
import io.darkroom.local.Stack;
import io.darkroom.media.qc.FrameHashes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import org.jboss.logging.Logger;

/**
 * What every fault test does around its fault: submit the fault clip as a lossless master, wait for the moment to act
 * (a task in the middle of its segment on a known worker), watch the job to its end while timing the recovery, and
 * check the result against a clean run of the same job (frame hashes, one promotion per task).
 */
final class FaultHarness {
    private static final Logger LOG = Logger.getLogger(FaultHarness.class);
    static final Duration POLL = Duration.ofMillis(200);
    /** Clean-run frame hashes, per JVM: the same job gives the same frames on any stack. */
    private static final ConcurrentHashMap<String, List<String>> REFERENCE = new ConcurrentHashMap<>();

    final Stack stack;
    final Jobs jobs;
    final DarkroomClient client;
    final SourceRef clip;

    FaultHarness(Stack stack) {
        this.stack = stack;
        this.jobs = new Jobs(stack);
        this.client = stack.client(io.darkroom.local.LocalAuth.DemoUser.SUPERVISOR);
        this.clip = FaultMedia.install(stack);
    }

    /** Submits the fault job (the generated clip to ffv1-master in 250-frame segments). */
    String submit(String name) {
        return client.submit(new JobSpec(
                        name,
                        50,
                        null,
                        List.of(clip),
                        Recipe.of(List.of(FaultMedia.MASTER)).withSegmentFrames(FaultMedia.SEGMENT_FRAMES),
                        null))
                .jobId();
    }

    /** The frame hashes of a clean run of the fault job, computed once per JVM. */
    List<String> reference() {
        return REFERENCE.computeIfAbsent("fault-job", k -> {
            long t0 = System.nanoTime();
            String jobId = submit("fault reference (clean run)");
            JobStatus job = jobs.awaitTerminal(jobId, Duration.ofMinutes(4));
            Path master = checkSucceeded(job, "clean run");
            List<String> hashes = FrameHashes.of(master);
            assertThat(hashes).as("frames of the clean run %s", master).hasSize(FaultMedia.FRAMES);
            LOG.infof("clean run of the fault job %s took %d ms", jobId, (System.nanoTime() - t0) / 1_000_000);
            Recoveries.record(
                    "reference",
                    "clean run (no fault), submit -> SUCCEEDED",
                    null,
                    Duration.ofNanos(System.nanoTime() - t0),
                    "job " + jobId);
            return hashes;
        });
    }

    /** Waits until a video task is in the middle of its segment on some worker, and returns it. */
    JsonNode awaitMidSegment(String jobId, Duration atMost) {
        return awaitTask(
                jobId, atMost, "a VIDEO_SEGMENT task RUNNING in the middle of its segment", FaultHarness::midSegment);
    }

    /** Rendering, past its first progress report and short of the last 15 % of its frames. */
    static boolean midSegment(JsonNode t) {
        long done = t.path("framesDone").asLong();
        long expected = t.path("expectedFrames").asLong();
        return "VIDEO_SEGMENT".equals(t.path("kind").asText())
                && "RUNNING".equals(t.path("state").asText())
                && !t.path("workerId").asText().isEmpty()
                && done > 0
                && done < expected * 0.85;
    }

    JsonNode awaitTask(String jobId, Duration atMost, String what, Predicate<JsonNode> p) {
        JsonNode[] found = new JsonNode[1];
        await("job " + jobId + ": " + what)
                .atMost(atMost)
                .pollInterval(Duration.ofMillis(100))
                .ignoreException(DarkroomClient.ApiException.class)
                .until(() -> {
                    JsonNode job = client.jobJson(jobId);
                    if (JobState.valueOf(job.path("state").asText()).terminal()) {
                        throw new AssertionError(
                                "job " + jobId + " ended (" + job.path("state").asText() + ": "
                                        + job.path("reason").asText() + ") before " + what + "\n" + tasksOf(job));
                    }
                    found[0] = StreamSupport.stream(job.path("tasks").spliterator(), false)
                            .filter(p)
                            .findFirst()
                            .orElse(null);
                    return found[0] != null;
                });
        return found[0];
    }

    /** What {@link #watch} saw: the job at its end, and when the watched task was first seen DONE. */
    record Outcome(JobStatus job, Duration toTaskDone, Duration toEnd, Duration toTaskMoved) {}

    /**
     * Polls the job (every 200 ms, through outages of process-service) until it ends, noting when {@code taskId}
     * is first DONE; times are measured from {@code faultNanos} ({@link System#nanoTime()}).
     */
    Outcome watch(String jobId, String taskId, long faultNanos, Duration atMost) {
        return watch(jobId, taskId, null, faultNanos, atMost);
    }

    /** As above, also noting when the task is first seen on a worker other than {@code fromWorker}. */
    Outcome watch(String jobId, String taskId, String fromWorker, long faultNanos, Duration atMost) {
        long[] taskDone = {-1};
        long[] moved = {-1};
        JsonNode end = await("job " + jobId + " to end after the fault")
                .atMost(atMost)
                .pollInterval(POLL)
                .ignoreExceptions()
                .until(
                        () -> {
                            JsonNode job = client.jobJson(jobId);
                            JsonNode t = taskId == null ? null : task(job, taskId);
                            if (t != null
                                    && taskDone[0] < 0
                                    && "DONE".equals(t.path("state").asText())) {
                                taskDone[0] = System.nanoTime();
                            }
                            if (t != null
                                    && fromWorker != null
                                    && moved[0] < 0
                                    && !t.path("workerId").asText().isEmpty()
                                    && !fromWorker.equals(t.path("workerId").asText())) {
                                moved[0] = System.nanoTime();
                            }
                            return job;
                        },
                        j -> JobState.valueOf(j.path("state").asText()).terminal());
        long endNanos = System.nanoTime();
        JobStatus job = client.job(jobId);
        return new Outcome(
                job,
                taskDone[0] < 0 ? null : Duration.ofNanos(taskDone[0] - faultNanos),
                Duration.ofNanos(endNanos - faultNanos),
                moved[0] < 0 ? null : Duration.ofNanos(moved[0] - faultNanos));
    }

    /**
     * The job SUCCEEDED, every task is DONE and was promoted exactly once (promotions == tasks), and the master
     * decodes to exactly the frames of the clean run.
     */
    void assertRecovered(JobStatus job, List<String> reference, String fault) {
        Path master = checkSucceeded(job, fault);
        assertThat(job.promotions())
                .as("promotions of job %s after %s (one per task, none applied twice)%s", job.id(), fault, context(job))
                .isEqualTo(job.tasks().size());
        assertThat(job.tasksOfKind("VIDEO_SEGMENT")).as("video segments").hasSize(FaultMedia.VIDEO_SEGMENTS);
        List<String> hashes = FrameHashes.of(master);
        assertThat(hashes.size()).as("frames of %s after %s", master, fault).isEqualTo(reference.size());
        List<Integer> differing = new ArrayList<>();
        for (int i = 0; i < hashes.size(); i++) {
            if (!hashes.get(i).equals(reference.get(i))) {
                differing.add(i);
            }
        }
        assertThat(differing)
                .as("frames of %s that differ from the clean run after %s", master, fault)
                .isEmpty();
    }

    /** The job SUCCEEDED with every task DONE and its master passing the client-side checks; returns the master. */
    Path checkSucceeded(JobStatus job, String what) {
        assertThat(job.jobState())
                .as("job %s after %s: %s%s", job.id(), what, Jobs.describe(job), context(job))
                .isEqualTo(JobState.SUCCEEDED);
        assertThat(job.tasks())
                .as("tasks of job %s after %s%s", job.id(), what, context(job))
                .allSatisfy(t -> assertThat(t.path("state").asText()).isEqualTo("DONE"));
        OutputChecks.Result checks =
                new OutputChecks(stack.infra().storageRoots()).check(job, List.of(FaultMedia.MASTER));
        assertThat(checks.problems())
                .as("output checks of job %s after %s", job.id(), what)
                .isEmpty();
        return checks.outputs().get(0).path();
    }

    /** Tasks and service logs, for failure messages. */
    String context(JobStatus job) {
        StringBuilder sb = new StringBuilder("\n  tasks:");
        job.tasks().forEach(t -> sb.append("\n    ").append(describeTask(t)));
        sb.append("\n  logs: ")
                .append(stack.process().logFile())
                .append(", ")
                .append(stack.ingest().logFile());
        stack.workers().forEach(w -> sb.append(", ").append(w.logFile()));
        return sb.toString();
    }

    static String tasksOf(JsonNode job) {
        StringBuilder sb = new StringBuilder("  tasks:");
        job.path("tasks").forEach(t -> sb.append("\n    ").append(describeTask(t)));
        return sb.toString();
    }

    static String describeTask(JsonNode t) {
        return t.path("kind").asText() + " " + t.path("segment").asText() + " "
                + t.path("id").asText() + " "
                + t.path("state").asText() + " attempt " + t.path("attempt").asText() + " on "
                + t.path("workerId").asText("-") + " " + t.path("framesDone").asText() + "/"
                + t.path("expectedFrames").asText()
                + (t.hasNonNull("reason") ? " (" + t.path("reason").asText() + ")" : "");
    }

    static JsonNode task(JsonNode job, String taskId) {
        for (JsonNode t : job.path("tasks")) {
            if (taskId.equals(t.path("id").asText())) {
                return t;
            }
        }
        throw new AssertionError("job " + job.path("id").asText() + " has no task " + taskId);
    }

    /** The render-worker process of a worker id (the stack names each process after its worker id). */
    ServiceProcess worker(String workerId) {
        return stack.worker(workerId)
                .orElseThrow(() -> new AssertionError(
                        "no render-worker process " + workerId + " in this stack (workers: " + stack.workers() + ")"));
    }

    /** Starts render-workers until {@code n} are alive (after a test killed one). */
    void ensureWorkers(int n) {
        long alive = stack.workers().stream().filter(ServiceProcess::alive).count();
        for (long i = alive; i < n; i++) {
            LOG.infof("starting a render-worker to have %d alive", n);
            stack.startWorker();
        }
    }
}
