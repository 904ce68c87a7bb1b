package io.darkroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.darkroom.contracts.Json;
import io.darkroom.local.JobStatus;
import io.darkroom.local.RepoPaths;
import io.darkroom.local.ServiceProcess;
import io.darkroom.local.Stack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The two switches operators turn on: JSON logs ({@code quarkus.log.console.json.enabled}) and OpenTelemetry traces
 * ({@code quarkus.otel.sdk.disabled=false} with an OTLP endpoint, here a receiver in this test). One job on a stack of
 * its own: its spans from ingest-service (submit), process-service (plan, dispatch, assemble) and the render-worker
 * (render) arrive with one trace id, linked through the trace context in the Kafka records' headers; the services'
 * JSON log lines about the job carry its id, its tasks' ids and that trace id as fields.
 */
class LogsAndTracesIT {
    private static final Logger LOG = Logger.getLogger(LogsAndTracesIT.class);
    static OtlpReceiver receiver;
    static Stack stack;

    @BeforeAll
    static void start() throws IOException {
        receiver = new OtlpReceiver();
        Path base = Files.createDirectories(RepoPaths.repoRoot().resolve("e2e/target"));
        stack = Stack.start(
                Files.createTempDirectory(base, "traced-stack-"),
                Stack.Options.defaults()
                        .withWorkers(1)
                        .withConfig("quarkus.log.console.json.enabled", "true")
                        .withConfig("quarkus.otel.sdk.disabled", "false")
                        .withConfig("quarkus.otel.exporter.otlp.traces.endpoint", receiver.endpoint())
                        .withConfig("quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf")
                        .withConfig("quarkus.otel.bsp.schedule.delay", "200ms"));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void oneTraceRunsFromSubmitToAssembleAcrossTheServicesAndTheJsonLogsNameJobTaskAndTrace() throws IOException {
        FaultHarness h = new FaultHarness(stack);
        String jobId = h.submit("traced job");
        JobStatus job = h.jobs.awaitTerminal(jobId, Duration.ofMinutes(6));
        h.checkSucceeded(job, "a traced job");
        Set<String> taskIds =
                job.tasks().stream().map(t -> t.path("id").asText()).collect(Collectors.toSet());

        List<String> steps = List.of("submit", "plan", "dispatch", "render", "assemble");
        await("spans of job " + jobId + " from every step")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> jobSpans(jobId).stream()
                        .map(OtlpReceiver.Span::name)
                        .collect(Collectors.toSet())
                        .containsAll(steps));
        List<OtlpReceiver.Span> spans = jobSpans(jobId);
        spans.forEach(s -> LOG.infof(
                "span %s %s/%s parent %s on %s", s.name(), s.traceId(), s.spanId(), s.parentSpanId(), s.service()));
        Set<String> traces = spans.stream().map(OtlpReceiver.Span::traceId).collect(Collectors.toSet());
        assertThat(traces)
                .as("trace ids of the spans of job %s: %s", jobId, spans)
                .hasSize(1);
        String traceId = traces.iterator().next();
        assertThat(traceId).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
        Map<String, Set<String>> servicesByStep = spans.stream()
                .collect(Collectors.groupingBy(
                        OtlpReceiver.Span::name, Collectors.mapping(OtlpReceiver.Span::service, Collectors.toSet())));
        assertThat(servicesByStep.get("submit")).containsExactly("darkroom-ingest-service");
        assertThat(servicesByStep.get("plan")).containsExactly("darkroom-process-service");
        assertThat(servicesByStep.get("dispatch")).containsExactly("darkroom-process-service");
        assertThat(servicesByStep.get("assemble")).containsExactly("darkroom-process-service");
        assertThat(servicesByStep.get("render")).containsExactly("darkroom-render-worker");
        // every render span hangs under a dispatch span (the context came through the task record's headers), every
        // dispatch under the plan span, the plan under the submit span (the job record's headers)
        Set<String> dispatchIds = ids(spans, "dispatch");
        assertThat(spans)
                .filteredOn(s -> s.name().equals("render"))
                .hasSizeGreaterThanOrEqualTo(FaultMedia.VIDEO_SEGMENTS)
                .allSatisfy(s -> assertThat(dispatchIds).contains(s.parentSpanId()))
                .allSatisfy(s -> assertThat(taskIds).contains(s.attributes().get("darkroom.task.id")));
        assertThat(spans).filteredOn(s -> s.name().equals("dispatch")).allSatisfy(s -> assertThat(ids(spans, "plan"))
                .contains(s.parentSpanId()));
        assertThat(spans).filteredOn(s -> s.name().equals("plan")).allSatisfy(s -> assertThat(ids(spans, "submit"))
                .contains(s.parentSpanId()));

        // JSON logs: every line an object; the lines about the job carry jobId (and taskId) fields and the trace id
        for (ServiceProcess service :
                List.of(stack.ingest(), stack.process(), stack.workers().get(0))) {
            List<JsonNode> lines = jsonLines(service.logFile());
            List<JsonNode> aboutJob = lines.stream()
                    .filter(l -> jobId.equals(l.path("mdc").path("jobId").asText()))
                    .toList();
            assertThat(aboutJob)
                    .as("JSON log lines of %s with mdc.jobId %s", service.name(), jobId)
                    .isNotEmpty();
            assertThat(aboutJob)
                    .as("their message names the job, or the record came from its work")
                    .anySatisfy(l -> assertThat(l.path("message").asText()).contains(jobId));
            assertThat(aboutJob)
                    .as("lines of %s about job %s with its trace id", service.name(), jobId)
                    .anySatisfy(l ->
                            assertThat(l.path("mdc").path("traceId").asText()).isEqualTo(traceId));
        }
        List<JsonNode> workerTaskLines = jsonLines(stack.workers().get(0).logFile()).stream()
                .filter(l -> taskIds.contains(l.path("mdc").path("taskId").asText()))
                .toList();
        assertThat(workerTaskLines)
                .as("worker log lines with a taskId of job %s", jobId)
                .isNotEmpty();
        List<JsonNode> processTaskLines = jsonLines(stack.process().logFile()).stream()
                .filter(l -> taskIds.contains(l.path("mdc").path("taskId").asText()))
                .toList();
        assertThat(processTaskLines)
                .as("process-service log lines with a taskId of job %s", jobId)
                .isNotEmpty();
    }

    static List<OtlpReceiver.Span> jobSpans(String jobId) {
        return receiver.spans.stream()
                .filter(s -> jobId.equals(s.attributes().get("darkroom.job.id")))
                .toList();
    }

    static Set<String> ids(List<OtlpReceiver.Span> spans, String name) {
        return spans.stream()
                .filter(s -> s.name().equals(name))
                .map(OtlpReceiver.Span::spanId)
                .collect(Collectors.toSet());
    }

    /** The JSON lines of a log (one object a line); a line that starts like one but does not parse fails the test. */
    static List<JsonNode> jsonLines(Path log) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            if (line.isBlank() || !line.startsWith("{")) {
                // output that does not go through logging (the JVM, native libraries) is not checked
                continue;
            }
            out.add(Json.mapper().readTree(line));
        }
        assertThat(out).as("JSON lines in %s", log).isNotEmpty();
        return out;
    }
}
