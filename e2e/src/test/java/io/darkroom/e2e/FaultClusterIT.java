package io.darkroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.darkroom.contracts.Topics;
import io.darkroom.local.EmbeddedKafka;
import io.darkroom.local.EmbeddedKafkaCluster;
import io.darkroom.local.KafkaUsers;
import io.darkroom.local.RepoPaths;
import io.darkroom.local.Stack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fault test 4 on a stack of its own: a three-node KRaft cluster on loopback (each node broker + controller, a
 * three-voter quorum, internal topics replicated 3 times, min.insync.replicas 2; the services create their topics with
 * replication factor 3), and the node that coordinates the workers' share group is stopped mid-job without handing
 * its leaderships over (in-process: {@code shutdown()} with controlled shutdown off, see EmbeddedKafkaCluster). The job
 * completes with the frames of a clean run and one promotion per task.
 */
@ExtendWith(Recoveries.class)
class FaultClusterIT {
    private static final Logger LOG = Logger.getLogger(FaultClusterIT.class);
    static final String GROUP = Topics.workerGroup("cpu");
    static Stack stack;
    static FaultHarness h;

    @BeforeAll
    static void setUp() throws Exception {
        Path base = Files.createDirectories(RepoPaths.repoRoot().resolve("e2e/target"));
        stack = Stack.start(
                Files.createTempDirectory(base, "e2e-cluster-stack-"),
                Stack.Options.defaults().withWorkers(2).withBrokers(3));
        h = new FaultHarness(stack);
    }

    @AfterAll
    static void tearDown() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void oneOfThreeBrokersKilledMidJobTheJobCompletes() throws Exception {
        List<String> reference = h.reference();
        EmbeddedKafkaCluster cluster = stack.infra().kafkaCluster();
        try (Admin admin = Admin.create(stack.infra().kafkaClientSettings(KafkaUsers.ADMIN))) {
            TopicDescription tasks = admin.describeTopics(List.of(Topics.tasks("cpu")))
                    .allTopicNames()
                    .get()
                    .get(Topics.tasks("cpu"));
            assertThat(tasks.partitions()).as("partitions of %s", tasks.name()).allSatisfy(p -> assertThat(p.replicas())
                    .hasSize(3));

            String jobId = h.submit("fault: one of three brokers killed");
            JsonNode running = h.awaitMidSegment(jobId, FaultToleranceIT.TO_MID_SEGMENT);
            String taskId = running.path("id").asText();
            int victim = admin.describeShareGroups(List.of(GROUP))
                    .all()
                    .get()
                    .get(GROUP)
                    .coordinator()
                    .id();

            long fault = System.nanoTime();
            cluster.kill(victim);
            Duration stopTime = Duration.ofNanos(System.nanoTime() - fault);
            EmbeddedKafka killed = cluster.node(victim);
            LOG.infof(
                    "job %s: Kafka node %d (%s, coordinator of %s) stopped in %d ms while task %s rendered on %s",
                    jobId,
                    victim,
                    killed.bootstrapServers(),
                    GROUP,
                    stopTime.toMillis(),
                    taskId,
                    running.path("workerId").asText());

            FaultHarness.Outcome out = h.watch(jobId, taskId, fault, FaultToleranceIT.TO_END);
            h.assertRecovered(out.job(), reference, "loss of Kafka node " + victim + " of 3");
            Recoveries.record(
                    "4 broker of 3 lost",
                    "stop node " + victim + " (share coordinator), no handover",
                    out.toTaskDone(),
                    out.toEnd(),
                    "RF 3, min ISR 2; node stop took " + Recoveries.seconds(stopTime));
        }
    }
}
