package io.darkroom.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.TaskEvent;
import io.darkroom.contracts.Topics;
import io.darkroom.local.test.DarkroomTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The web monitor's speed with 10,000 jobs in the catalog (a benchmark, not a test: run by bench/web-monitor, never by
 * the build's test includes). Seeds 10,000 jobs (one clip, four segment tasks each) into the real PostgreSQL, then
 * measures the time to the first byte of the jobs page (first page, a filtered page, the last page) and how long a
 * task event takes from the broker to the page's server-sent event and the refreshed rows.
 */
@QuarkusTest
@WithTestResource(value = DarkroomTestResource.class, scope = TestResourceScope.GLOBAL)
class WebMonitorBench {
    static final int JOBS = Integer.getInteger("bench.jobs", 10_000);
    static final int RUNS = Integer.getInteger("bench.runs", 30);

    @TestHTTPResource("/")
    URL base;

    @Test
    void jobsPageFirstByteAndLiveUpdateWith10000Jobs() throws Exception {
        String pool = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        long t0 = System.nanoTime();
        seed(pool);
        report("seeded %d jobs (40,000 tasks) in %.1f s", JOBS, (System.nanoTime() - t0) / 1e9);
        WebMonitorIT.Session ana = WebMonitorIT.signIn("ana", "ana-password");

        for (String path : List.of(
                "/ui/jobs", "/ui/jobs?state=RUNNING", "/ui/jobs?q=bench+job+77", "/ui/jobs?page=" + (JOBS / 50))) {
            firstByte(path, ana.cookie()); // warm-up
            double[] ms = new double[RUNS];
            for (int i = 0; i < RUNS; i++) {
                ms[i] = firstByte(path, ana.cookie());
            }
            Arrays.sort(ms);
            report(
                    "first byte %-28s median %6.1f ms  p95 %6.1f ms  max %6.1f ms  (%d runs)",
                    path, ms[RUNS / 2], ms[(int) Math.ceil(RUNS * 0.95) - 1], ms[RUNS - 1], RUNS);
        }

        // live update: a task event on the broker -> the "jobs" server-sent event -> the rows fetched again
        String jobId = oneRunningJob(pool);
        String taskId = firstTask(jobId);
        BlockingQueue<Long> events = new ArrayBlockingQueue<>(64);
        HttpURLConnection sse = (HttpURLConnection) new URL(base, "/ui/events").openConnection();
        sse.setRequestProperty("Cookie", "darkroom_session=" + ana.cookie());
        sse.setRequestProperty("Accept", "text/event-stream");
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader r =
                            new BufferedReader(new InputStreamReader(sse.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = r.readLine()) != null) {
                            if (line.startsWith("data:")
                                    && line.substring(5).trim().equals("jobs")) {
                                events.offer(System.nanoTime());
                            }
                        }
                    } catch (Exception e) {
                        // the stream ends when the benchmark disconnects
                    }
                },
                "bench-sse");
        reader.setDaemon(true);
        reader.start();
        events.poll(5, TimeUnit.SECONDS); // the first mark
        events.clear();
        double[] latency = new double[10];
        for (int i = 0; i < latency.length; i++) {
            long sent = System.nanoTime();
            ItSupport.send(
                    Topics.TASKS_EVENTS,
                    jobId,
                    new TaskEvent.TaskProgress(
                            UUID.randomUUID().toString(),
                            Instant.now(),
                            jobId,
                            taskId,
                            1,
                            1,
                            "bench-worker",
                            i + 1,
                            25));
            Long seen = events.poll(10, TimeUnit.SECONDS);
            assertThat(seen).as("a server-sent event within 10 s").isNotNull();
            firstByte("/ui/jobs/rows?q=" + jobId, ana.cookie());
            latency[i] = (System.nanoTime() - sent) / 1e6;
            events.clear();
        }
        sse.disconnect();
        Arrays.sort(latency);
        report(
                "live update (task event sent -> SSE -> rows fetched): median %6.0f ms  max %6.0f ms  (%d events)",
                latency[latency.length / 2], latency[latency.length - 1], latency.length);
    }

    private double firstByte(String path, String cookie) throws Exception {
        long start = System.nanoTime();
        HttpURLConnection c = (HttpURLConnection) new URL(base, path).openConnection();
        c.setRequestProperty("Cookie", "darkroom_session=" + cookie);
        int status = c.getResponseCode();
        try (InputStream in = c.getInputStream()) {
            in.read();
            double ms = (System.nanoTime() - start) / 1e6;
            assertThat(status).isEqualTo(200);
            in.readAllBytes();
            return ms;
        }
    }

    private static void seed(String pool) throws Exception {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute(
                    """
                    CREATE TEMP TABLE bench_jobs AS
                    SELECT gen_random_uuid() AS id, g AS n,
                           (ARRAY['SUCCEEDED','SUCCEEDED','SUCCEEDED','FAILED','RUNNING','PLANNED','CANCELLED',
                                  'PARTIAL'])[1 + g %% 8] AS state
                    FROM generate_series(1, %d) g"""
                            .formatted(JOBS));
            s.execute(
                    """
                    INSERT INTO jobs (id, name, state, priority, pool, recipe, destination, submitted_by, submitted_at,
                                      job_date)
                    SELECT id, 'bench job ' || n, state, n %% 10, '%s', '{"outputs": []}', '{"root": "out", "path": "b"}',
                           'user' || (n %% 20), now() - (n || ' seconds')::interval, current_date FROM bench_jobs"""
                            .formatted(pool));
            s.execute(
                    """
                    INSERT INTO clips (id, job_id, idx, clip_name, source_root, source_path, media, render_outputs, state)
                    SELECT gen_random_uuid(), id, 0, 'clip ' || n, 'media', 'bench.mov', '{}', '[]',
                           CASE WHEN state IN ('RUNNING', 'PLANNED') THEN 'PLANNED' WHEN state = 'SUCCEEDED' THEN 'DONE'
                                WHEN state = 'PARTIAL' THEN 'DONE' ELSE state END
                    FROM bench_jobs""");
            s.execute(
                    """
                    INSERT INTO tasks (id, job_id, clip_id, kind, seg_index, start_us, end_us, expected_frames, state,
                                       progress_frames, started_at)
                    SELECT gen_random_uuid(), b.id, c.id, 'VIDEO_SEGMENT', seg, seg * 1000000, (seg + 1) * 1000000, 25,
                           CASE WHEN b.state IN ('SUCCEEDED', 'PARTIAL') THEN 'DONE'
                                WHEN b.state = 'RUNNING' AND seg < 2 THEN 'DONE'
                                WHEN b.state = 'RUNNING' AND seg = 2 THEN 'RUNNING'
                                WHEN b.state IN ('RUNNING', 'PLANNED') THEN 'PENDING' ELSE 'CANCELLED' END,
                           CASE WHEN b.state = 'RUNNING' AND seg = 2 THEN 10 ELSE 0 END,
                           CASE WHEN b.state IN ('SUCCEEDED', 'PARTIAL', 'RUNNING') THEN now() END
                    FROM bench_jobs b JOIN clips c ON c.job_id = b.id, generate_series(0, 3) seg""");
            s.execute("ANALYZE jobs; ANALYZE clips; ANALYZE tasks");
        }
    }

    private static String oneRunningJob(String pool) throws Exception {
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id FROM jobs WHERE pool = '" + pool
                        + "' AND state = 'RUNNING' ORDER BY submitted_at DESC LIMIT 1")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String firstTask(String jobId) throws Exception {
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT id FROM tasks WHERE job_id = '" + jobId + "' AND state = 'RUNNING' LIMIT 1")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static Connection connect() throws Exception {
        var config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        return DriverManager.getConnection(
                DarkroomTestResource.jdbcUrl(),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
    }

    private static void report(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        org.jboss.logging.Logger.getLogger(WebMonitorBench.class).info("BENCH " + line);
    }
}
