package io.darkroom.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line against stand-in ingest and process endpoints (no stack needed). */
class DarkroomCliTest {
    @TempDir
    Path dir;

    HttpServer server;
    final List<String> submitted = new ArrayList<>();
    final AtomicInteger polls = new AtomicInteger();
    volatile String finalAnswer;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    DarkroomCli cli;

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path config;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/jobs", this::handle);
        server.start();
        cli = new DarkroomCli(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                false);
        // signed in (the token file ./darkroom login keeps)
        System.setProperty("darkroom.config.home", config.toString());
        new Credentials(
                        "http://127.0.0.1",
                        "test-token",
                        java.time.Instant.now().plusSeconds(3600),
                        "ana",
                        "Ana",
                        "darkroom",
                        java.util.List.of("artist"))
                .write();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        System.clearProperty("darkroom.config.home");
    }

    private void handle(HttpExchange ex) throws IOException {
        String body;
        int status = 200;
        if (ex.getRequestMethod().equals("POST")) {
            submitted.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            status = 202;
            body = "{\"jobId\":\"job-1\",\"statusUrl\":\"" + url() + "/jobs/job-1\",\"clips\":1}";
        } else if (ex.getRequestURI().getPath().equals("/jobs/job-1")) {
            body = polls.incrementAndGet() < 3
                    ? "{\"id\":\"job-1\",\"state\":\"RUNNING\",\"progress\":{\"tasksTotal\":4,\"tasksDone\":1,\"percent\":25}}"
                    : finalAnswer;
        } else {
            status = 404;
            body = "{\"error\":\"no such job\"}";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(bytes);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    Path jobFile() throws IOException {
        return Files.writeString(
                dir.resolve("job.json"),
                """
                {"name":"t","sources":[{"root":"media","path":"timecode/gopro_max_h264_tmcd_gpmf.mp4"}],
                 "recipe":{"outputs":[{"name":"review","preset":"h264-review","maxWidth":1280,"maxHeight":720}]}}
                """);
    }

    @Test
    void submitPostsTheFileAsIsAndPrintsTheJobId() throws IOException {
        int rc = cli.run("submit", jobFile().toString(), "--ingest", url(), "--process", url());
        assertThat(rc).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("job-1" + System.lineSeparator());
        assertThat(submitted).singleElement().asString().contains("gopro_max_h264_tmcd_gpmf.mp4");
    }

    @Test
    void submitWaitFailsWithTheJobsAndClipsReason() throws IOException {
        finalAnswer =
                """
                {"id":"job-1","state":"FAILED","reason":"clip gopro failed: BAD_INPUT",
                 "clips":[{"id":"c","name":"gopro","source":{"root":"media","path":"x.mp4"},"state":"FAILED",
                           "reason":"BAD_INPUT: x.mp4: invalid data"}]}""";
        int rc = cli.run(
                "submit", jobFile().toString(), "--wait", "--timeout", "30", "--ingest", url(), "--process", url());
        assertThat(rc).isEqualTo(1);
        String e = err.toString(StandardCharsets.UTF_8);
        assertThat(e)
                .contains("job job-1 ended FAILED: clip gopro failed: BAD_INPUT")
                .contains("BAD_INPUT: x.mp4: invalid data")
                .contains("RUNNING");
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("output:");
    }

    @Test
    void statusPrintsStateClipsAndOutputs() {
        polls.set(10);
        finalAnswer =
                """
                {"id":"job-1","name":"dailies","state":"SUCCEEDED","progress":{"tasksTotal":4,"tasksDone":4,"percent":100},
                 "clips":[{"id":"c","name":"gopro","source":{"root":"media","path":"g.mp4"},"state":"DONE",
                           "outputs":[{"name":"review","preset":"h264-review","path":"/out/gopro_review.mp4"}]}]}""";
        int rc = cli.run("status", "job-1", "--ingest", url(), "--process", url());
        assertThat(rc).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("job job-1 (dailies): SUCCEEDED")
                .contains("progress: 4/4 tasks (100%)")
                .contains("clip gopro (media:g.mp4): DONE")
                .contains("output review (h264-review): /out/gopro_review.mp4");
    }

    @Test
    void statusJsonPrintsTheWholeJobAsProcessServiceAnswersIt() throws IOException {
        polls.set(10);
        finalAnswer =
                """
                {"id":"job-1","state":"SUCCEEDED","submittedAt":"2026-12-03T10:00:01Z",
                 "tasks":[{"id":"t","kind":"SEGMENT","workerId":"worker-1","startedAt":"2026-12-03T10:00:03Z"}],
                 "history":[{"at":"2026-12-03T10:00:02Z","to":"SUBMITTED"}]}""";
        int rc = cli.run("status", "job-1", "--json", "--ingest", url(), "--process", url());
        assertThat(rc).isZero();
        var job = io.darkroom.contracts.Json.mapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(job.path("tasks").path(0).path("workerId").asText()).isEqualTo("worker-1");
        assertThat(job.path("history").path(0).path("to").asText()).isEqualTo("SUBMITTED");
        assertThat(job.path("submittedAt").asText()).isEqualTo("2026-12-03T10:00:01Z");
    }

    @Test
    void statusOfAnUnknownJobFails() {
        int rc = cli.run("status", "nope", "--ingest", url(), "--process", url());
        assertThat(rc).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no job nope");
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertThat(cli.run("frobnicate")).isEqualTo(2);
        assertThat(cli.run("submit")).isEqualTo(2);
        assertThat(cli.run("up", "--workers", "many")).isEqualTo(2);
        assertThat(cli.run("up", "--slots", "0")).isEqualTo(2);
        assertThat(cli.run("up", "--threads", "65")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("unknown command frobnicate")
                .contains("--workers must be a number, not many")
                .contains("--slots must be 1 to 64, was 0")
                .contains("--threads must be 0 (FFmpeg's choice) to 64, was 65");
    }

    @Test
    void progressLineShowsBarStateAndTasks() {
        var job = io.darkroom.contracts.Json.read(
                "{\"id\":\"j\",\"state\":\"RUNNING\",\"progress\":{\"tasksTotal\":8,\"tasksDone\":4,\"percent\":50}}",
                io.darkroom.local.JobStatus.class);
        assertThat(ProgressBar.content(job))
                .isEqualTo("[" + "#".repeat(15) + "-".repeat(15) + "]  50%  RUNNING     4/8 tasks");
    }

    @Test
    void verifyOfAFileWithoutManifestFailsNamingTheManifest() throws IOException {
        Path output = Files.writeString(dir.resolve("clip_review.mp4"), "not really a video");
        int rc = cli.run("verify", output.toString());
        assertThat(rc).isNotZero();
        assertThat(out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8))
                .contains("clip_review.mp4");
    }

    @Test
    void modelsListOfAnEmptyRegistrySucceeds() {
        int rc = cli.run("models", "list", "--registry", dir.resolve("models").toString());
        assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();
    }

    @Test
    void modelsWithoutASubcommandIsAUsageError() {
        assertThat(cli.run("models")).isEqualTo(2);
    }
}
