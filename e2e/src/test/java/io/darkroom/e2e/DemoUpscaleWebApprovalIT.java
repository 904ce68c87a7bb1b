package io.darkroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darkroom.local.LocalAuth;
import io.darkroom.local.RepoPaths;
import io.darkroom.local.UpscaleModels;
import io.darkroom.local.cli.DarkroomCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * {@code ./darkroom demo-upscale} without {@code --auto-approve} (issue 11's "done when"): it prints the web monitor's
 * approval page, a supervisor signs in there through the form and approves, and the demo carries on to its checked,
 * verified master and exits 0.
 */
class DemoUpscaleWebApprovalIT {
    private static final Logger LOG = Logger.getLogger(DemoUpscaleWebApprovalIT.class);
    private static final Pattern PAGE = Pattern.compile("(http://\\S+)/ui/jobs/([0-9a-f-]{36})/approval");
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    /** A stream the demo writes to while the test reads it. */
    static final class Sink extends ByteArrayOutputStream {
        synchronized String text() {
            return toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void theDemoPrintsTheApprovalPageAndCarriesOnWhenASupervisorApprovesThere() throws Exception {
        Path base = Files.createDirectories(RepoPaths.repoRoot().resolve("e2e/target"));
        Path dir = Files.createTempDirectory(base, "demo-upscale-web-");
        UpscaleModels.ensure(StackExtension.modelsDir(), RepoPaths.repoRoot().resolve("e2e/target/npm"));
        Sink out = new Sink();
        Sink err = new Sink();
        CompletableFuture<Integer> demo = CompletableFuture.supplyAsync(() -> new DarkroomCli(
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        false)
                .run(
                        "demo-upscale",
                        "--workers",
                        "1",
                        "--timeout",
                        "300",
                        "--state-dir",
                        dir.resolve("state").toString(),
                        "--registry",
                        StackExtension.modelsDir().toString()));
        try {
            await("the approval page's URL")
                    .atMost(Duration.ofMinutes(4))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> PAGE.matcher(out.text()).find() || demo.isDone());
            Matcher m = PAGE.matcher(out.text());
            assertThat(m.find())
                    .as("demo output:%n%s%n%s", out.text(), err.text())
                    .isTrue();
            String process = m.group(1);
            String jobId = m.group(2);

            HttpClient web = HttpClient.newBuilder()
                    .cookieHandler(new CookieManager())
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            LocalAuth.DemoUser sam = LocalAuth.DemoUser.SUPERVISOR;
            String form = get(web, process + "/ui/login").body();
            HttpResponse<String> signedIn = post(
                    web,
                    process + "/ui/login",
                    Map.of("csrf", csrf(form), "username", sam.username(), "password", sam.password()));
            assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(303);

            HttpResponse<String> page = get(web, m.group(0));
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("esrgan-slim-x2");
            HttpResponse<String> approved = post(
                    web,
                    m.group(0) + "/approve",
                    Map.of("csrf", csrf(page.body()), "method", "model", "note", "approved in the browser"));
            assertThat(approved.statusCode()).as(approved.body()).isEqualTo(303);
            LOG.infof("job %s approved through %s as %s", jobId, m.group(0), sam.username());

            int rc = demo.get(5, TimeUnit.MINUTES);
            assertThat(rc)
                    .as("demo-upscale after the web decision:%n%s%n%s", out.text(), err.text())
                    .isZero();
            assertThat(out.text()).containsPattern("output: \\S+\\.mov");
            assertThat(err.text()).contains("Sam Supervisor");
        } finally {
            if (!demo.isDone()) {
                demo.cancel(true);
            }
        }
    }

    private static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        assertThat(m.find()).as("a form with a CSRF token").isTrue();
        return m.group(1);
    }

    private static HttpResponse<String> get(HttpClient web, String url) throws Exception {
        return web.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(HttpClient web, String url, Map<String, String> fields) throws Exception {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return web.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
