package io.darkroom.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.darkroom.contracts.Json;
import io.darkroom.local.Approval;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** approve, reject and preview against a stand-in process-service. */
class ApprovalCommandsTest {
    static final String GATE =
            """
            {"jobId":"job-1","status":"READY","model":"esrgan-slim-x2","scale":2,"method":null,
             "previews":[{"clip":"roadtrip","clipId":"c1","index":0,"frame":13,"path":"/out/job-1/preview/roadtrip_0.png",
                          "manifest":"/out/job-1/preview/roadtrip_0.png.provenance.json","width":2556,"height":540,
                          "scores":[{"method":"model","psnr":31.5,"ssim":0.91},{"method":"lanczos","psnr":30.25,"ssim":0.89}]}],
             "evaluation":[{"clip":"roadtrip","frames":3,"width":426,"height":240,"scale":2,
                            "scores":[{"method":"esrgan-slim-x2","psnr":29.123,"ssim":0.8765,"seconds":1.5},
                                      {"method":"lanczos3","psnr":28.5,"ssim":0.86,"seconds":0.1},
                                      {"method":"bicubic","psnr":28.1,"ssim":0.85,"seconds":0.05}]}],
             "somethingNew":true}""";

    HttpServer server;
    final List<String> requests = new CopyOnWriteArrayList<>();
    final Map<String, String> bodies = new ConcurrentHashMap<>();
    final Map<String, Integer> statuses = new ConcurrentHashMap<>();
    final Map<String, String> answers = new ConcurrentHashMap<>();
    final Map<String, String> authorizations = new ConcurrentHashMap<>();

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path config;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    DarkroomCli cli;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/jobs", this::handle);
        server.start();
        cli = new DarkroomCli(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                false);
        // signed in: the token file ./darkroom login keeps
        System.setProperty("darkroom.config.home", config.toString());
        new Credentials(
                        url(),
                        "test-token",
                        java.time.Instant.now().plusSeconds(3600),
                        "ada",
                        "Ada",
                        "darkroom",
                        List.of("supervisor"))
                .write();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        System.clearProperty("darkroom.config.home");
    }

    private void handle(HttpExchange ex) throws IOException {
        String key = ex.getRequestMethod() + " " + ex.getRequestURI().getPath();
        requests.add(key);
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth != null) {
            authorizations.put(key, auth);
        }
        bodies.put(key, new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String body = answers.getOrDefault(key, "{\"error\":\"no job\",\"problem\":\"NOT_FOUND\"}");
        int status = statuses.getOrDefault(key, answers.containsKey(key) ? 200 : 404);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(bytes);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void approvePostsWhoMethodAndNoteAndPrintsTheState() throws IOException {
        answers.put("POST /jobs/job-1/approve", "{\"id\":\"job-1\",\"state\":\"PLANNED\"}");
        int rc = cli.run("approve", "job-1", "--method", "lanczos", "--note", "softer is better", "--process", url());
        assertThat(rc).as(stderr()).isZero();
        JsonNode sent = Json.mapper().readTree(bodies.get("POST /jobs/job-1/approve"));
        assertThat(sent.has("by"))
                .as("who approves is the token's subject, never a body field")
                .isFalse();
        assertThat(authorizations.get("POST /jobs/job-1/approve")).isEqualTo("Bearer test-token");
        assertThat(sent.path("method").asText()).isEqualTo("lanczos");
        assertThat(sent.path("note").asText()).isEqualTo("softer is better");
        assertThat(stdout()).contains("job job-1 approved (method lanczos): PLANNED");
    }

    @Test
    void approveWithoutMethodLeavesTheDefaultToTheService() throws IOException {
        answers.put("POST /jobs/job-1/approve", "{\"id\":\"job-1\",\"state\":\"RUNNING\"}");
        assertThat(cli.run("approve", "job-1", "--process", url())).isZero();
        JsonNode sent = Json.mapper().readTree(bodies.get("POST /jobs/job-1/approve"));
        assertThat(sent.has("method")).isFalse();
        assertThat(sent.has("note")).isFalse();
        assertThat(stdout()).contains("(method model)");
    }

    @Test
    void aRefusalPrintsTheServicesDetailAndFails() {
        answers.put(
                "POST /jobs/job-1/approve",
                "{\"error\":\"method must be model or lanczos, not magic\",\"problem\":\"INVALID_VALUE\"}");
        statuses.put("POST /jobs/job-1/approve", 422);
        int rc = cli.run("approve", "job-1", "--method", "magic", "--process", url());
        assertThat(rc).isEqualTo(1);
        assertThat(stderr()).contains("(422): method must be model or lanczos, not magic");

        answers.put("POST /jobs/job-1/reject", "{\"error\":\"job job-1 is RUNNING\",\"problem\":\"WRONG_STATE\"}");
        statuses.put("POST /jobs/job-1/reject", 409);
        assertThat(cli.run("reject", "job-1", "--note", "no", "--process", url()))
                .isEqualTo(1);
        assertThat(stderr()).contains("(409): job job-1 is RUNNING");
    }

    @Test
    void rejectNeedsANoteAndPrintsTheReason() throws IOException {
        assertThat(cli.run("reject", "job-1", "--process", url())).isEqualTo(2);
        assertThat(stderr()).contains("--note is required");
        assertThat(requests).isEmpty();

        answers.put(
                "POST /jobs/job-1/reject",
                "{\"id\":\"job-1\",\"state\":\"CANCELLED\",\"reason\":\"rejected by Ada: haloes on the trees\"}");
        int rc = cli.run("reject", "job-1", "--note", "haloes on the trees", "--process", url());
        assertThat(rc).as(stderr()).isZero();
        assertThat(Json.mapper()
                        .readTree(bodies.get("POST /jobs/job-1/reject"))
                        .path("note")
                        .asText())
                .isEqualTo("haloes on the trees");
        assertThat(stdout()).contains("CANCELLED - rejected by Ada: haloes on the trees");
    }

    @Test
    void byIsGoneAndWithoutASignInNothingIsSent() throws IOException {
        assertThat(cli.run("approve", "job-1", "--by", "Ada", "--process", url()))
                .isEqualTo(2);
        assertThat(requests).isEmpty();
        java.nio.file.Files.delete(Credentials.location());
        assertThat(cli.run("approve", "job-1", "--process", url())).isEqualTo(1);
        assertThat(stderr()).contains("not signed in: run ./darkroom login");
        assertThat(requests).isEmpty();
        new Credentials(
                        url(),
                        "old",
                        java.time.Instant.now().minusSeconds(1),
                        "ada",
                        "Ada",
                        "darkroom",
                        List.of("supervisor"))
                .write();
        assertThat(java.nio.file.Files.getPosixFilePermissions(Credentials.location()))
                .containsExactlyInAnyOrder(
                        java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        assertThat(cli.run("approve", "job-1", "--process", url())).isEqualTo(1);
        assertThat(stderr()).contains("expired");
        assertThat(requests).isEmpty();
    }

    @Test
    void previewPrintsStatusImagesManifestsAndTheEvaluationTable() {
        answers.put("GET /jobs/job-1/approval", GATE);
        int rc = cli.run("preview", "job-1", "--process", url());
        assertThat(rc).as(stderr()).isZero();
        assertThat(stdout())
                .contains("approval of job job-1: READY (model esrgan-slim-x2, x2)")
                .contains("preview roadtrip #0 (frame 13, 2556x540): /out/job-1/preview/roadtrip_0.png")
                .contains("manifest: /out/job-1/preview/roadtrip_0.png.provenance.json")
                .contains("model 31.50 dB / SSIM 0.9100")
                .containsPattern("roadtrip\\s+esrgan-slim-x2\\s+29\\.12\\s+0\\.8765\\s+1\\.50")
                .containsPattern("roadtrip\\s+lanczos3\\s+28\\.50")
                .containsPattern("roadtrip\\s+bicubic\\s+28\\.10")
                .contains("web monitor: " + url() + "/ui/jobs/job-1/approval");
    }

    @Test
    void previewOfAJobWithoutGateFails() {
        assertThat(cli.run("preview", "job-2", "--process", url())).isEqualTo(1);
        assertThat(stderr()).contains("job job-2 is unknown or has no approval gate (no job)");
    }

    @Test
    void theGateParsesAndFindsScoresByMethod() {
        Approval a = Json.read(GATE, Approval.class);
        assertThat(a.ready()).isTrue();
        assertThat(a.settled()).isFalse();
        assertThat(a.evaluation()).singleElement().satisfies(e -> {
            assertThat(e.score("lanczos3"))
                    .hasValueSatisfying(s -> assertThat(s.psnr()).isEqualTo(28.5));
            assertThat(e.score("nearest")).isEmpty();
        });
        assertThat(a.evaluationTable()).hasSize(4).first().asString().startsWith("CLIP");
    }

    @Test
    void theUsageListsTheApprovalCommands() {
        assertThat(DarkroomCli.USAGE)
                .contains("demo-upscale [--auto-approve]")
                .contains("approve <jobId> [--method")
                .contains("reject <jobId> --note TEXT")
                .contains("preview <jobId>")
                .contains("login [NAME]")
                .contains("logout")
                .contains("users add NAME --role")
                .doesNotContain("--by");
    }

    @Test
    void theDecisionCommandsShownByTheDemoParse() {
        String approve = ApprovalCommands.approveCommand("job-1", url());
        String reject = ApprovalCommands.rejectCommand("job-1", url());
        assertThat(approve)
                .startsWith("./darkroom approve job-1 --method model")
                .endsWith("--process " + url())
                .doesNotContain("--by");
        assertThat(reject).startsWith("./darkroom reject job-1 --note ").doesNotContain("--by");
    }
}
