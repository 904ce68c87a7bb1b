package io.darkroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.darkroom.local.ServiceProcess;
import io.darkroom.local.Stack;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A render-worker stopped with SIGTERM mid-segment (a scale-down): it finishes its task within its grace period
 * or RELEASEs it, exits, and the job completes frame-exactly with every result applied once.
 */
@ExtendWith({StackExtension.class, Recoveries.class})
class FaultSigtermIT {
    private static final Logger LOG = Logger.getLogger(FaultSigtermIT.class);
    /** render-worker's darkroom.worker.shutdown-grace (10 s) plus JVM shutdown. */
    private static final Duration EXIT_WITHIN = Duration.ofSeconds(18);

    static FaultHarness h;
    static List<String> reference;

    @BeforeAll
    static void setUp(Stack stack) {
        h = new FaultHarness(stack);
        h.ensureWorkers(StackExtension.WORKERS);
        reference = h.reference();
    }

    @Test
    void workerStoppedWithSigtermFinishesOrReleasesAndTheJobCompletes() {
        h.ensureWorkers(StackExtension.WORKERS);
        String jobId = h.submit("fault: worker SIGTERM");
        JsonNode victim = h.awaitMidSegment(jobId, FaultToleranceIT.TO_MID_SEGMENT);
        String taskId = victim.path("id").asText();
        String workerId = victim.path("workerId").asText();
        ServiceProcess worker = h.worker(workerId);

        long fault = System.nanoTime();
        worker.terminate();
        LOG.infof("job %s: SIGTERM to %s while it rendered task %s", jobId, worker, taskId);
        worker.awaitExit();
        Duration exited = Duration.ofNanos(System.nanoTime() - fault);
        assertThat(worker.alive())
                .as("%s still running after SIGTERM", workerId)
                .isFalse();
        assertThat(exited).as("time from SIGTERM to exit of %s", workerId).isLessThan(EXIT_WITHIN);

        FaultHarness.Outcome out = h.watch(jobId, taskId, fault, FaultToleranceIT.TO_END);
        h.assertRecovered(out.job(), reference, "SIGTERM of " + workerId);
        JsonNode finished = FaultHarness.task(h.client.jobJson(jobId), taskId);
        Recoveries.record(
                "7 worker SIGTERM",
                "SIGTERM " + workerId + " mid-segment",
                out.toTaskDone(),
                out.toEnd(),
                "worker exited " + Recoveries.seconds(exited) + " after SIGTERM; task finished by "
                        + finished.path("workerId").asText() + ", attempt "
                        + finished.path("attempt").asText());
        h.ensureWorkers(StackExtension.WORKERS);
    }
}
