package io.darkroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.darkroom.contracts.Json;
import io.darkroom.local.DarkroomClient;
import io.darkroom.local.JobStatus;
import io.darkroom.local.LocalAuth;
import io.darkroom.local.Ports;
import io.darkroom.local.RepoPaths;
import io.darkroom.local.Stack;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Grafana dashboard against a real Prometheus (the Debian package's binary, which {@code ./darkroom test}
 * installs) scraping process-service every second while two jobs run on the stack: every panel's PromQL returns data,
 * every metric of deploy/observability/metrics.txt has series, and the pool gauges saw the work.
 */
@ExtendWith(StackExtension.class)
class PrometheusDashboardIT {
    private static final Logger LOG = Logger.getLogger(PrometheusDashboardIT.class);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    static Stack stack;
    static Process prometheus;
    static String prometheusUrl;

    @BeforeAll
    static void startPrometheus(Stack s) throws Exception {
        stack = s;
        assertThat(PROMETHEUS)
                .as("the prometheus binary (Debian package prometheus; ./darkroom test installs it)")
                .isExecutable();
        Path dir = Files.createTempDirectory(
                Files.createDirectories(RepoPaths.repoRoot().resolve("e2e/target")), "prometheus-");
        URI process = URI.create(stack.processUrl());
        // /q/metrics needs the ops (or admin) role: Prometheus scrapes with an ops user's token, as a site would
        Path scrapeToken = Files.writeString(
                dir.resolve("scrape-token"),
                new DarkroomClient(stack.ingestUrl(), stack.processUrl())
                        .login(LocalAuth.DemoUser.OPS.username(), LocalAuth.DemoUser.OPS.password())
                        .token());
        Files.writeString(
                dir.resolve("prometheus.yml"),
                """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: darkroom-process
                    metrics_path: /q/metrics
                    authorization:
                      type: Bearer
                      credentials_file: %s
                    static_configs:
                      - targets: ['%s:%d']
                """
                        .formatted(scrapeToken, process.getHost(), process.getPort()));
        int port = Ports.free();
        prometheusUrl = "http://127.0.0.1:" + port;
        prometheus = new ProcessBuilder(
                        PROMETHEUS.toString(),
                        "--config.file=" + dir.resolve("prometheus.yml"),
                        "--storage.tsdb.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port,
                        "--storage.tsdb.retention.time=1d")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        LOG.infof(
                "prometheus (pid %d) at %s scraping %s/q/metrics, log %s",
                prometheus.pid(), prometheusUrl, stack.processUrl(), dir.resolve("prometheus.log"));
        await("prometheus scraping process-service")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .ignoreExceptions()
                .until(() -> !query("up{job=\"darkroom-process\"} == 1").isEmpty());
    }

    @AfterAll
    static void stopPrometheus() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
    }

    @Test
    void everyPanelOfTheDashboardReturnsDataWhileJobsRun() throws IOException, InterruptedException {
        FaultHarness h = new FaultHarness(stack);
        String first = h.submit("prometheus: first job");
        String second = h.submit("prometheus: second job");
        // while they run, Prometheus sees the work in the pool gauges
        await("a running task in Prometheus")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> value("sum(darkroom_pool_running_tasks)") > 0);
        await("a busy worker in Prometheus")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> value("sum(darkroom_workers_busy)") > 0);
        for (String jobId : List.of(first, second)) {
            JobStatus job = h.jobs.awaitTerminal(jobId, Duration.ofMinutes(6));
            h.checkSucceeded(job, "a job watched by Prometheus");
        }
        // both jobs' ends are in Prometheus, and each histogram has grown after its first sample
        await("both job latencies in Prometheus")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> value("sum(darkroom_job_latency_seconds_count)") >= 2);
        await("the workers idle again in Prometheus")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> value("sum(darkroom_workers_busy)") == 0);
        // the share group had the tasks' records outstanding while they ran, and has none once all are acknowledged
        assertThat(value("max_over_time(sum(darkroom_share_group_lag_records{pool=\"cpu\"})[15m:1s])"))
                .as("share-group lag seen while the jobs ran")
                .isPositive();
        await("share-group lag back to 0")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> value("sum(darkroom_share_group_lag_records)") == 0);
        assertThat(value("max_over_time(sum(darkroom_pool_backlog_tasks)[15m:1s])"))
                .as("backlog seen")
                .isPositive();
        assertThat(value("max_over_time(sum(darkroom_pool_free_slots)[15m:1s])"))
                .as("free slots seen")
                .isPositive();
        assertThat(value("sum(darkroom_workers_up{pool=\"cpu\"})"))
                .as("cpu workers up")
                .isEqualTo(stack.workers().stream().filter(w -> w.alive()).count());
        assertThat(value("sum(darkroom_task_duration_seconds_count{kind=\"VIDEO_SEGMENT\"})"))
                .as("segments timed")
                .isGreaterThanOrEqualTo(2.0 * FaultMedia.VIDEO_SEGMENTS);
        assertThat(value("max(darkroom_task_fps_max)"))
                .as("frames per second of a segment")
                .isPositive();
        assertThat(value("sum(darkroom_assembly_duration_seconds_count)"))
                .as("outputs assembled")
                .isGreaterThanOrEqualTo(2);
        assertThat(value("sum(darkroom_qc_duration_seconds_count)"))
                .as("outputs checked")
                .isGreaterThanOrEqualTo(2);

        JsonNode dashboard = Json.mapper()
                .readTree(RepoPaths.repoRoot()
                        .resolve("deploy/observability/grafana-dashboard.json")
                        .toFile());
        Map<String, String> empty = new LinkedHashMap<>();
        int queries = 0;
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                queries++;
                List<JsonNode> result = query(expr);
                LOG.infof("panel '%s': %s -> %d series", panel.path("title").asText(), expr, result.size());
                if (result.isEmpty()) {
                    empty.put(
                            panel.path("title").asText() + " / "
                                    + target.path("refId").asText(),
                            expr);
                }
            }
        }
        assertThat(queries).as("queries in the dashboard").isGreaterThanOrEqualTo(19);
        assertThat(empty)
                .as("dashboard queries that returned no data from Prometheus")
                .isEmpty();

        List<String> missing = new ArrayList<>();
        for (String line : Files.readAllLines(RepoPaths.repoRoot().resolve("deploy/observability/metrics.txt"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String name = line.strip().split("\\s+")[0];
            if (query("count({__name__=~\"" + name + "(_bucket|_count|_sum|_max)?\"})")
                    .isEmpty()) {
                missing.add(name);
            }
        }
        assertThat(missing)
                .as("metrics of metrics.txt without series in Prometheus")
                .isEmpty();
    }

    /** The result vector of an instant query (fails on a query error). */
    static List<JsonNode> query(String promql) throws IOException, InterruptedException {
        URI uri =
                URI.create(prometheusUrl + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        HttpResponse<String> res = HTTP.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = Json.mapper().readTree(res.body());
        assertThat(body.path("status").asText())
                .as("status of %s: %s", promql, res.body())
                .isEqualTo("success");
        List<JsonNode> out = new ArrayList<>();
        body.path("data").path("result").forEach(out::add);
        return out;
    }

    /** The single value of a query (0 when it returns nothing). */
    static double value(String promql) throws IOException, InterruptedException {
        List<JsonNode> r = query(promql);
        return r.isEmpty()
                ? 0
                : Double.parseDouble(r.get(0).path("value").get(1).asText());
    }
}
