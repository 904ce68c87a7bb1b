package io.darkroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.darkroom.local.RepoPaths;
import io.darkroom.local.ServiceProcess;
import io.darkroom.local.Stack;
import io.darkroom.local.Supervisor;
import io.darkroom.media.qc.FrameHashes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The supervised stack ({@code ./darkroom up} supervises its services the same way, {@link Stack#supervise}): while a
 * job renders, a render-worker, process-service and ingest-service are each killed with SIGKILL; the supervisor
 * restarts each on its port, reports the restarts, and the job completes with every frame.
 */
class SupervisionIT {
    private static final Logger LOG = Logger.getLogger(SupervisionIT.class);
    static Stack stack;
    static Supervisor supervisor;
    static final List<Supervisor.Status> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Path base = Files.createDirectories(RepoPaths.repoRoot().resolve("e2e/target"));
        stack = Stack.start(
                Files.createTempDirectory(base, "supervised-stack-"),
                Stack.Options.defaults().withWorkers(2));
        supervisor = stack.supervise(Supervisor.Policy.defaults(), events::add);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void eachKindOfServiceKilledMidJobIsRestartedAndTheJobCompletesWithEveryFrame() {
        FaultHarness h = new FaultHarness(stack);
        String jobId = h.submit("supervision: kill -9 each service kind");
        JsonNode running = h.awaitMidSegment(jobId, Duration.ofMinutes(2));
        String workerId = running.path("workerId").asText();
        long fault = System.nanoTime();

        ServiceProcess worker = h.worker(workerId);
        ServiceProcess process = stack.process();
        ServiceProcess ingest = stack.ingest();
        for (ServiceProcess victim : List.of(worker, process, ingest)) {
            victim.kill();
            LOG.infof(
                    "job %s: killed %s (SIGKILL) while task %s rendered on %s",
                    jobId, victim, running.path("id").asText(), workerId);
        }

        for (ServiceProcess victim : List.of(worker, process, ingest)) {
            await(victim.name() + " restarted by the supervisor")
                    .atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> supervisor.status(victim.name()).state() == Supervisor.State.UP
                            && supervisor.status(victim.name()).restarts() == 1);
            Supervisor.Status st = supervisor.status(victim.name());
            assertThat(st.pid()).as("pid of the restarted %s", victim.name()).isNotEqualTo(victim.pid());
            assertThat(st.lastExit())
                    .as("exit code of the killed %s", victim.name())
                    .isEqualTo(137);
            assertThat(events).as("restart events of %s", victim.name()).anySatisfy(e -> {
                assertThat(e.name()).isEqualTo(victim.name());
                assertThat(e.state()).isEqualTo(Supervisor.State.RESTARTING);
                assertThat(e.message()).contains("restarting in 1000 ms");
            });
        }
        // the stack's handles follow the restarts: same ports, new live processes
        assertThat(stack.process().pid()).isNotEqualTo(process.pid());
        assertThat(stack.process().port()).isEqualTo(process.port());
        assertThat(stack.process().alive()).isTrue();
        assertThat(stack.ingest().port()).isEqualTo(ingest.port());
        assertThat(stack.ingest().alive()).isTrue();
        assertThat(h.worker(workerId).alive()).isTrue();
        assertThat(supervisor.statuses())
                .as("services restarted")
                .filteredOn(s -> s.restarts() > 0)
                .extracting(Supervisor.Status::name)
                .containsExactlyInAnyOrder(worker.name(), process.name(), ingest.name());

        FaultHarness.Outcome out = h.watch(jobId, running.path("id").asText(), fault, Duration.ofMinutes(5));
        Path master = h.checkSucceeded(out.job(), "SIGKILL of " + workerId + ", process-service and ingest-service");
        assertThat(FrameHashes.of(master)).as("frames of %s", master).hasSize(FaultMedia.FRAMES);
        assertThat(out.job().promotions())
                .as("one promotion per task")
                .isEqualTo(out.job().tasks().size());
    }
}
