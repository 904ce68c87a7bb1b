package io.darkroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.darkroom.contracts.JobState;
import io.darkroom.local.JobStatus;
import io.darkroom.local.ServiceProcess;
import io.darkroom.local.Stack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Faults on the shared end-to-end stack (separate service JVMs, embedded broker and database), one job each: a
 * render-worker SIGKILLed mid-segment, process-service SIGKILLed and restarted, the broker restarted, a permanently
 * bad input next to a good job, a cancel while rendering. Recovery times go to {@code e2e/target/fault-recovery.txt}.
 */
@ExtendWith({StackExtension.class, Recoveries.class})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultToleranceIT {
    private static final Logger LOG = Logger.getLogger(FaultToleranceIT.class);
    static final Duration TO_MID_SEGMENT = Duration.ofMinutes(2);
    static final Duration TO_END = Duration.ofMinutes(4);
    static FaultHarness h;
    static List<String> reference;

    @BeforeAll
    static void setUp(Stack stack) {
        h = new FaultHarness(stack);
        h.ensureWorkers(StackExtension.WORKERS);
        reference = h.reference();
    }

    @BeforeEach
    void twoWorkers() {
        h.ensureWorkers(StackExtension.WORKERS);
    }

    @Test
    @Order(1)
    void workerKilledMidSegmentItsTaskCompletesOnTheOtherWorker() {
        String jobId = h.submit("fault: worker SIGKILL");
        JsonNode victim = h.awaitMidSegment(jobId, TO_MID_SEGMENT);
        String taskId = victim.path("id").asText();
        String workerId = victim.path("workerId").asText();
        ServiceProcess worker = h.worker(workerId);

        long fault = System.nanoTime();
        worker.kill();
        LOG.infof(
                "job %s: killed %s (SIGKILL) while it rendered task %s at frame %s/%s",
                jobId,
                worker,
                taskId,
                victim.path("framesDone").asText(),
                victim.path("expectedFrames").asText());

        FaultHarness.Outcome out = h.watch(jobId, taskId, workerId, fault, TO_END);
        h.assertRecovered(out.job(), reference, "SIGKILL of " + workerId);
        JsonNode redone = FaultHarness.task(h.client.jobJson(jobId), taskId);
        assertThat(redone.path("workerId").asText())
                .as("worker that finished task %s after %s died", taskId, workerId)
                .isNotEqualTo(workerId);
        Recoveries.record(
                "1 worker SIGKILL",
                "kill -9 " + workerId + " mid-segment",
                out.toTaskDone(),
                out.toEnd(),
                "task redone by " + redone.path("workerId").asText() + ", attempt "
                        + redone.path("attempt").asText() + "; started there " + Recoveries.seconds(out.toTaskMoved())
                        + " after the kill");
    }

    @Test
    @Order(2)
    void processServiceKilledAndRestartedTheJobContinuesFromTheCatalog() {
        String jobId = h.submit("fault: process-service SIGKILL");
        JsonNode running = h.awaitMidSegment(jobId, TO_MID_SEGMENT);
        String taskId = running.path("id").asText();

        long fault = System.nanoTime();
        ServiceProcess old = h.stack.process();
        old.kill();
        LOG.infof(
                "job %s: killed %s (SIGKILL) while task %s rendered on %s",
                jobId, old, taskId, running.path("workerId").asText());
        long restart = System.nanoTime();
        h.stack.restartProcess();
        Duration startup = Duration.ofNanos(System.nanoTime() - restart);

        FaultHarness.Outcome out = h.watch(jobId, taskId, fault, TO_END);
        h.assertRecovered(out.job(), reference, "SIGKILL and restart of process-service");
        // assembly once: one ASSEMBLING and one SUCCEEDED in the history, and in the destination one output file
        // beside the job's artifacts (poster, contact sheet, ALE), each made once
        assertThat(out.job().history().stream()
                        .filter(e -> "ASSEMBLING".equals(e.path("to").asText())))
                .as("ASSEMBLING transitions of job %s", jobId)
                .hasSize(1);
        assertThat(out.job().history().stream()
                        .filter(e -> "SUCCEEDED".equals(e.path("to").asText())))
                .as("SUCCEEDED transitions of job %s", jobId)
                .hasSize(1);
        Path master = Path.of(out.job().clips().get(0).outputs().get(0).path());
        List<String> expected =
                new java.util.ArrayList<>(List.of(master.getFileName().toString()));
        out.job()
                .artifacts()
                .forEach(a -> expected.add(Path.of(a.path()).getFileName().toString()));
        assertThat(filesIn(master.getParent()))
                .as("files in the destination of job %s", jobId)
                .containsExactlyInAnyOrderElementsOf(expected);
        Recoveries.record(
                "2 process SIGKILL",
                "kill -9 process-service, restart (same port)",
                out.toTaskDone(),
                out.toEnd(),
                "restart to ready " + Recoveries.seconds(startup));
    }

    @Test
    @Order(3)
    void brokerRestartedMidJobServicesReconnectAndTheJobCompletes() {
        String jobId = h.submit("fault: broker restart");
        JsonNode running = h.awaitMidSegment(jobId, TO_MID_SEGMENT);
        String taskId = running.path("id").asText();

        long fault = System.nanoTime();
        h.stack.infra().kafka().restart();
        Duration downtime = Duration.ofNanos(System.nanoTime() - fault);
        LOG.infof(
                "job %s: broker restarted in %d ms while task %s rendered on %s",
                jobId, downtime.toMillis(), taskId, running.path("workerId").asText());

        FaultHarness.Outcome out = h.watch(jobId, taskId, fault, TO_END);
        h.assertRecovered(out.job(), reference, "broker restart");
        Recoveries.record(
                "3 broker restart",
                "EmbeddedKafka.restart() (same port, same data)",
                out.toTaskDone(),
                out.toEnd(),
                "broker stop+start " + Recoveries.seconds(downtime));
    }

    @Test
    @Order(4)
    void permanentlyBadInputFailsItsJobOnceWhileAGoodJobSucceeds() {
        String good = h.submit("fault: good job next to a bad one");
        long t0 = System.nanoTime();
        String bad = h.jobs.submit(
                "fault: bad input",
                List.of(Jobs.media(CorruptInputIT.CORRUPT), Jobs.media(SegmentExactnessIT.GOPRO)),
                List.of(FaultMedia.MASTER),
                150);

        // each clip succeeds or fails on its own: the corrupt clip FAILED (once, no retry), the GoPro clip DONE,
        // the job PARTIAL
        JobStatus failed = h.jobs.awaitTerminal(bad, Duration.ofSeconds(60));
        Duration toFailed = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(failed.jobState())
                .as("bad job %s: %s%s", bad, Jobs.describe(failed), h.context(failed))
                .isEqualTo(JobState.PARTIAL);
        assertThat(failed.reason()).as("reason of the bad job").contains("vp9_profile2_invalid_bitstream");
        assertThat(failed.clips())
                .as(Jobs.describe(failed))
                .anySatisfy(c -> {
                    assertThat(c.source().path()).isEqualTo(CorruptInputIT.CORRUPT);
                    assertThat(c.state()).isEqualTo("FAILED");
                    assertThat(c.reason()).contains("vp9_profile2_invalid_bitstream.webm");
                })
                .anySatisfy(c -> {
                    assertThat(c.source().path()).isEqualTo(SegmentExactnessIT.GOPRO);
                    assertThat(c.state()).isEqualTo("DONE");
                });
        await("bad job " + bad + " stays PARTIAL, every task on attempt 1")
                .during(Duration.ofSeconds(4))
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> h.jobs.json(bad), CorruptInputIT::attemptedOnce);

        JobStatus ok = h.jobs.awaitTerminal(good, TO_END);
        Duration toGood = Duration.ofNanos(System.nanoTime() - t0);
        h.assertRecovered(ok, reference, "a bad job running next to it");
        Recoveries.record(
                "5 bad input",
                "corrupt VP9 + GoPro in one job, good job beside",
                null,
                toFailed,
                "bad clip FAILED (its job PARTIAL) after submit, attempt 1; good job SUCCEEDED "
                        + Recoveries.seconds(toGood) + " after submit");
    }

    @Test
    @Order(5)
    void cancelWhileRunningStopsTheWorkersAndRemovesPartialFiles() {
        String jobId = h.submit("fault: cancel");
        JsonNode running = h.awaitMidSegment(jobId, TO_MID_SEGMENT);
        String workerId = running.path("workerId").asText();

        long t0 = System.nanoTime();
        JsonNode answer = h.client.cancel(jobId, "cancel while running");
        assertThat(answer.path("state").asText())
                .as("state in the cancel answer")
                .isEqualTo("CANCELLED");
        Set<String> taskIds = new HashSet<>();
        answer.path("tasks").forEach(t -> taskIds.add(t.path("id").asText()));
        int promotionsAtCancel = answer.path("promotions").asInt();

        // running tasks stop on their workers within 5 s: no heartbeat lists a task of the job any more
        await("no worker heartbeat lists a task of cancelled job " + jobId)
                .atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> busyWith(taskIds).isEmpty());
        Duration stopped = Duration.ofNanos(System.nanoTime() - t0);
        // and no task starts afterwards: the workers stay off the job, the catalog stays CANCELLED
        await("nothing of cancelled job " + jobId + " runs again")
                .during(Duration.ofSeconds(4))
                .atMost(Duration.ofSeconds(8))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> busyWith(taskIds).isEmpty() && stillCancelled(jobId, promotionsAtCancel));

        // partial files: none left, and the job's work folder is gone after the cleanup delay
        Path work = h.stack.infra().storageRoot("work").resolve("jobs").resolve(jobId);
        await("work folder " + work + " of cancelled job removed")
                .atMost(StackExtension.CANCEL_CLEANUP_DELAY.plusSeconds(15))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> !Files.exists(work));
        Duration cleaned = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(partFiles(h.stack.infra().storageRoot("work"), jobId))
                .as("*.part files of job %s", jobId)
                .isEmpty();
        Path out = h.stack.infra().storageRoot("out").resolve(jobId);
        assertThat(filesIn(out)).as("outputs of cancelled job %s", jobId).isEmpty();
        Recoveries.record(
                "6 cancel",
                "POST /jobs/{id}/cancel while " + workerId + " renders",
                stopped,
                cleaned,
                "task: last heartbeat listing a task of the job; job: work folder removed (cleanup delay "
                        + StackExtension.CANCEL_CLEANUP_DELAY.toSeconds() + " s)");
    }

    /** Task ids of the set that some live worker's last heartbeat still lists. */
    private static Set<String> busyWith(Set<String> taskIds) {
        Set<String> busy = new HashSet<>();
        for (JsonNode w : h.client.workers()) {
            if ("LOST".equals(w.path("state").asText())
                    || "GONE".equals(w.path("state").asText())) {
                continue;
            }
            w.path("currentTasks").forEach(t -> {
                if (taskIds.contains(t.asText())) {
                    busy.add(w.path("id").asText() + ":" + t.asText());
                }
            });
        }
        return busy;
    }

    private static boolean stillCancelled(String jobId, int promotions) {
        JsonNode job = h.client.jobJson(jobId);
        if (!"CANCELLED".equals(job.path("state").asText())
                || job.path("promotions").asInt() != promotions) {
            throw new AssertionError(
                    "cancelled job " + jobId + " changed: " + job.path("state").asText()
                            + ", promotions " + job.path("promotions").asInt() + " (was " + promotions + ")\n"
                            + FaultHarness.tasksOf(job));
        }
        for (JsonNode t : job.path("tasks")) {
            String s = t.path("state").asText();
            if (!"CANCELLED".equals(s) && !"DONE".equals(s)) {
                throw new AssertionError(
                        "task of cancelled job " + jobId + " is " + s + ": " + FaultHarness.describeTask(t));
            }
        }
        return true;
    }

    static List<String> filesIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> partFiles(Path root, String jobId) {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().contains(jobId)
                            && p.getFileName().toString().endsWith(".part"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
