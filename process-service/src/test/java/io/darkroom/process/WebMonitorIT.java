package io.darkroom.process;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darkroom.contracts.Actor;
import io.darkroom.contracts.JobSubmitted;
import io.darkroom.contracts.OutputSpec;
import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.RenderTask;
import io.darkroom.contracts.SourceRef;
import io.darkroom.contracts.TaskEvent;
import io.darkroom.contracts.TaskEvent.SegmentFile;
import io.darkroom.contracts.Topics;
import io.darkroom.contracts.WorkerHeartbeat;
import io.darkroom.contracts.ops.Op;
import io.darkroom.local.test.DarkroomTestResource;
import io.darkroom.media.Ffmpeg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The web monitor in a real browser (Debian's headless Chromium through Selenium) against a real broker and
 * PostgreSQL, workers simulated with heartbeats, task events and FFmpeg: sign-in and sign-out, the job list changing
 * while a job runs, the job page with its poster, player and task grid, an approval decided through the wipe, a
 * control hidden and refused for the wrong role; and, over plain HTTP, the bad input (404, 403, escaping, headers).
 * Every browser test saves a screenshot under process-service/target/screenshots.
 */
@QuarkusTest
@WithTestResource(value = DarkroomTestResource.class, scope = TestResourceScope.GLOBAL)
class WebMonitorIT {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final int WHOLE_CLIP = 100_000;

    @TestHTTPResource("/")
    URL base;

    /** The job API calls of ItSupport carry a token (issue 10); the monitor's own calls go through web(). */
    @BeforeEach
    void apiToken() {
        ItSupport.signInWithEveryRole();
    }

    /** A request without the API token: what a browser sends (cookies only). */
    static RequestSpecification web() {
        RequestSpecification saved = RestAssured.requestSpecification;
        RestAssured.requestSpecification = null;
        try {
            return RestAssured.given();
        } finally {
            RestAssured.requestSpecification = saved;
        }
    }

    /** Art (artist) submits the gated jobs, so that Ana (supervisor) may approve them (separation of duties). */
    static final Actor ART = new Actor("art", "Art Ist", Actor.DARKROOM_ISSUER);

    static JobSubmitted gated(String pool) {
        String jobId = UUID.randomUUID().toString();
        Recipe recipe = Recipe.of(List.of(OutputSpec.of("master", "prores-hq", 1920, 1080)))
                .withOps(List.of(Op.Upscale.of("esrgan-slim-x2", 2)))
                .withApproval(Recipe.APPROVAL_REQUIRED)
                .withPreviewFrames(1);
        return new JobSubmitted(
                JobSubmitted.SCHEMA,
                jobId,
                "approval " + jobId.substring(0, 8),
                0,
                pool,
                recipe,
                List.of(new JobSubmitted.ProbedSource(
                        "roadtrip", new SourceRef("media", ApprovalIT.CLIP), ItSupport.probe(ApprovalIT.CLIP))),
                new SourceRef("out", "approval/" + jobId),
                "art",
                Instant.now(),
                null,
                ART);
    }

    private static String pool(String what) {
        return "it-web-" + what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A submission of the 64x64 ProRes clip (100 frames, no audio) to h264-review. */
    private static JobSubmitted job(String pool, String name, String clipName, Integer segmentFrames) {
        String jobId = UUID.randomUUID().toString();
        return new JobSubmitted(
                JobSubmitted.SCHEMA,
                jobId,
                name,
                0,
                pool,
                Recipe.of(List.of(OutputSpec.of("review", "h264-review", 0, 0))).withSegmentFrames(segmentFrames),
                List.of(new JobSubmitted.ProbedSource(
                        clipName, new SourceRef("media", ItSupport.PRORES), ItSupport.probe(ItSupport.PRORES))),
                new SourceRef("out", "web/" + jobId),
                "it",
                Instant.now(),
                null,
                null);
    }

    private static JobSubmitted planned(String pool, String name, String clipName, Integer segmentFrames) {
        JobSubmitted job = job(pool, name, clipName, segmentFrames);
        ItSupport.submit(job);
        await().atMost(Duration.ofSeconds(30)).until(() -> "PLANNED".equals(ItSupport.jobState(job.jobId())));
        return job;
    }

    private static List<RenderTask> published(ItSupport.TopicReader topic, String jobId, int count) {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> topic.values(RenderTask.class).stream()
                                .filter(t -> t.jobId().equals(jobId))
                                .count()
                        >= count);
        return topic.values(RenderTask.class).stream()
                .filter(t -> t.jobId().equals(jobId))
                .toList();
    }

    // ---------------------------------------------------------------- browser

    @Test
    void signInShowsWhoIsSignedInAndSignOutEndsTheSession() {
        try (Browser b = new Browser(base.toString())) {
            b.open("/ui/jobs");
            b.find(By.id("sign-in"));
            assertThat(b.driver.getCurrentUrl())
                    .as("a page asked for without a session leads to sign-in")
                    .contains("/ui/login?next=");
            b.find(By.id("username")).sendKeys("ana");
            b.driver.findElement(By.id("password")).sendKeys("not her password");
            b.driver.findElement(By.id("sign-in")).click();
            assertThat(b.text(By.id("login-problem"))).contains("wrong password");
            b.screenshot("login-refused");

            b.signIn("ana", "ana-password");
            assertThat(b.driver.getCurrentUrl()).endsWith("/ui/jobs");
            assertThat(b.text(By.id("whoami"))).isEqualTo("Ana Supervisor");
            assertThat(b.driver.findElement(By.cssSelector(".roles")).getText()).contains("supervisor");
            assertThat(b.driver.findElements(By.linkText("Audit")))
                    .as("supervisors read the audit trail")
                    .hasSize(1);
            b.screenshot("login-jobs");

            b.signOut();
            assertThat(b.driver.getCurrentUrl()).contains("/ui/login");
            b.open("/ui/jobs");
            b.find(By.id("sign-in"));
            assertThat(b.driver.getCurrentUrl())
                    .as("signed out: the session cookie is gone")
                    .contains("/ui/login");
            b.screenshot("logout");
        }
    }

    @Test
    void theJobListUpdatesWithoutReloadWhileAJobRuns() {
        String pool = pool("live");
        String worker = "it-worker-" + pool;
        JobSubmitted job = planned(pool, "live " + pool, "prores_live", 25);
        try (Browser b = new Browser(base.toString());
                var tasks = new ItSupport.TopicReader(Topics.tasks(pool))) {
            b.signIn("ana", "ana-password");
            b.open("/ui/jobs?q=" + job.jobId());
            By row = By.id("job-" + job.jobId());
            b.find(row);
            // the row may be swapped by a live update between finding and reading it: read inside the wait
            String planned = b.read(d -> d.findElement(row).getAttribute("data-state"));
            assertThat(planned).isEqualTo("PLANNED");
            b.wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-live-open", "true"));
            b.js("window.darkroomSamePage = 'yes';");

            ItSupport.heartbeat(worker, pool, 1, 0);
            b.wait.until(d -> "RUNNING".equals(d.findElement(row).getAttribute("data-state")));

            RenderTask t = published(tasks, job.jobId(), 1).get(0);
            ItSupport.send(
                    Topics.TASKS_EVENTS,
                    t.jobId(),
                    new TaskEvent.TaskStarted(
                            UUID.randomUUID().toString(),
                            Instant.now(),
                            t.jobId(),
                            t.taskId(),
                            t.attempt(),
                            1,
                            worker));
            ItSupport.send(
                    Topics.TASKS_EVENTS,
                    t.jobId(),
                    new TaskEvent.TaskProgress(
                            UUID.randomUUID().toString(),
                            Instant.now(),
                            t.jobId(),
                            t.taskId(),
                            t.attempt(),
                            1,
                            worker,
                            20,
                            25));
            // 20 of 100 frames
            b.wait.until(d -> d.findElement(row)
                    .findElement(By.cssSelector(".pct"))
                    .getText()
                    .equals("20.0 %"));
            @SuppressWarnings("unchecked")
            List<String> shown = (List<String>) b.js(
                    "var r = document.getElementById(arguments[0]);"
                            + "return [r.querySelector('.state').textContent, r.querySelector('progress').getAttribute('value'),"
                            + " r.textContent];",
                    "job-" + job.jobId());
            assertThat(shown.get(0)).isEqualTo("RUNNING");
            assertThat(Double.parseDouble(shown.get(1))).isEqualTo(20.0);
            assertThat(shown.get(2)).contains("it", pool, "live " + pool);
            assertThat(b.js("return window.darkroomSamePage;"))
                    .as("updated in place, not reloaded")
                    .isEqualTo("yes");
            b.screenshot("jobs-live");
        }
    }

    @Test
    void theJobPageShowsPostersThePlayerQcTheTaskGridAndProvenance() throws Exception {
        String pool = pool("page");
        String worker = "it-worker-" + pool;
        JobSubmitted job = planned(pool, "dailies " + pool, "prores_page", WHOLE_CLIP);
        try (var topic = new ItSupport.TopicReader(Topics.tasks(pool))) {
            ItSupport.heartbeat(worker, pool, 2, 0);
            for (RenderTask t : published(topic, job.jobId(), 1)) {
                complete(t, worker);
            }
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> "SUCCEEDED".equals(ItSupport.jobState(job.jobId())));

        try (Browser b = new Browser(base.toString())) {
            b.signIn("ana", "ana-password");
            b.open("/ui/jobs/" + job.jobId());
            assertThat(b.text(By.id("job-state"))).isEqualTo("SUCCEEDED");
            WebElement poster = b.find(By.cssSelector("img.poster"));
            assertThat(poster.getAttribute("alt")).isEqualTo("poster frame of prores_page");
            b.wait.until(d ->
                    ((Number) b.js("return arguments[0].complete ? arguments[0].naturalWidth : 0;", poster)).intValue()
                            > 0);
            // the task grid and the history are a live fragment: read each whole inside the wait (stale rows retried)
            List<String> rows = b.<List<String>>read(d -> d.findElements(By.cssSelector("#task-grid tbody tr")).stream()
                    .map(r -> r.getAttribute("data-state") + " " + r.getAttribute("class") + " " + r.getText())
                    .toList());
            assertThat(rows).singleElement().satisfies(r -> assertThat(r)
                    .startsWith("DONE state-done ")
                    .contains("prores_page", "video 0", worker, "100 / 100"));
            int strip = b.read(d ->
                    d.findElements(By.cssSelector(".task-strip li.state-done")).size());
            assertThat(strip).isEqualTo(1);
            assertThat(b.driver.findElement(By.cssSelector(".qc")).getText()).isEqualTo("passed");
            WebElement video = b.driver.findElement(By.tagName("video"));
            b.wait.until(d -> ((Number) b.js("return arguments[0].readyState;", video)).intValue() >= 1);
            assertThat(((Number) b.js("return arguments[0].duration;", video)).doubleValue())
                    .as("the browser read the H.264 output's length")
                    .isBetween(4.0, 4.3);
            assertThat(b.<List<String>>read(d -> d.findElements(By.cssSelector("#history tbody tr")).stream()
                            .map(e -> e.findElements(By.tagName("td")).get(2).getText())
                            .toList()))
                    .containsExactly("SUBMITTED", "PLANNED", "RUNNING", "ASSEMBLING", "SUCCEEDED");
            WebElement provenance = b.find(By.id("provenance-table"));
            assertThat(provenance.getText()).contains("verified", "prores_page").doesNotContain("FAILED");
            b.screenshot("job-page");
            b.driver.manage().window().setSize(new Dimension(768, 1024));
            b.wait.until(d -> ((Number) b.js("return document.documentElement.scrollWidth;")).intValue() <= 800);
            b.screenshot("job-page-tablet");

            // the download link serves the output itself
            String href = b.driver.findElement(By.cssSelector("a[download]")).getAttribute("href");
            assertThat(href).endsWith("/outputs/review?download=1");
        }
    }

    @Test
    void anApprovalThroughTheWipeIsRecordedUnderTheSignedInPerson() {
        ApprovalIT.importModel();
        ApprovalIT.trust();
        String pool = pool("appr");
        JobSubmitted job = gated(pool);
        ItSupport.submit(job);
        await().atMost(Duration.ofSeconds(30)).until(() -> "AWAITING_APPROVAL".equals(ItSupport.jobState(job.jobId())));
        ApprovalIT.awaitReady(job.jobId());

        try (Browser b = new Browser(base.toString())) {
            b.signIn("ana", "ana-password");
            b.open("/ui/jobs?q=" + job.jobId());
            // the rows are swapped in place by live updates: find the badge again if it was replaced
            b.wait.ignoring(StaleElementReferenceException.class).until(d -> {
                d.findElement(By.cssSelector("#job-" + job.jobId() + " .badge.approval"))
                        .click();
                return true;
            });
            assertThat(b.text(By.id("gate-status"))).isEqualTo("READY");
            assertThat(b.driver.findElement(By.id("evaluation")).getText())
                    .contains("esrgan-slim-x2", "lanczos3", "bicubic");
            WebElement wipe = b.find(By.id("wipe-0"));
            int width = Integer.parseInt(wipe.getAttribute("data-width"));
            b.wait.until(
                    d -> ((Number) b.js("return document.getElementById('over-0').naturalWidth;")).intValue() == width);
            assertThat(wipe.getAttribute("data-pos")).isEqualTo("50");
            // keyboard: the slider moves with the arrow keys
            WebElement slider = b.driver.findElement(By.id("pos-0"));
            slider.sendKeys(Keys.HOME);
            for (int i = 0; i < 25; i++) {
                slider.sendKeys(Keys.ARROW_RIGHT);
            }
            assertThat(wipe.getAttribute("data-pos")).isEqualTo("25");
            assertThat(b.driver.findElement(By.id("over-0")).getCssValue("clip-path"))
                    .contains("25%");
            new Select(b.driver.findElement(By.id("left-0"))).selectByVisibleText("source");
            assertThat(b.driver.findElement(By.id("under-0")).getAttribute("src"))
                    .endsWith("/previews/0/source");
            b.driver.findElement(By.cssSelector("input.wipe-zoom[value='2']")).click();
            assertThat(wipe.getAttribute("data-zoom")).isEqualTo("2");
            assertThat(wipe.getSize().getWidth()).isEqualTo(2 * width);
            b.screenshot("approval-wipe");

            b.driver.findElement(By.id("note")).sendKeys("edges hold at 2:1");
            b.driver.findElement(By.id("approve-model")).click();
            assertThat(b.text(By.id("decided-by"))).isEqualTo("Ana Supervisor");
            assertThat(b.driver.findElement(By.id("decision")).getText()).startsWith("approved with model");
            b.screenshot("approval-decided");
        }
        var approval = given().get("/jobs/" + job.jobId() + "/approval").jsonPath();
        assertThat(approval.getString("status")).isEqualTo("APPROVED");
        assertThat(approval.getString("decidedBy")).isEqualTo("Ana Supervisor");
        var history = ItSupport.job(job.jobId()).getList("history.reason", String.class);
        assertThat(history).anyMatch(r -> r != null && r.startsWith("approved by Ana Supervisor: esrgan-slim-x2"));
        assertThat(approval.getString("note")).isEqualTo("edges hold at 2:1");
        assertThat(approval.getString("method")).isEqualTo("model");
    }

    @Test
    void aControlIsHiddenFromTheWrongRoleAndRefusedWithA403() {
        JobSubmitted job = planned(pool("role"), "role test", "prores_role", 25);
        try (Browser b = new Browser(base.toString())) {
            b.signIn("olu", "olu-password");
            b.open("/ui/jobs/" + job.jobId());
            b.find(By.id("job-state"));
            assertThat(b.driver.findElements(By.id("cancel-job")))
                    .as("ops may not cancel")
                    .isEmpty();
            assertThat(b.driver.findElements(By.id("pause-job"))).isEmpty();
            assertThat(b.driver.findElements(By.id("set-priority")))
                    .as("ops may set priorities")
                    .hasSize(1);
            b.screenshot("role-ops-job");
            // the same request the hidden button would make, with a valid CSRF token: refused
            String csrf =
                    b.driver.findElement(By.cssSelector("input[name=csrf]")).getAttribute("value");
            b.js(
                    "var f = document.createElement('form'); f.method = 'post'; f.action = arguments[0];"
                            + "var i = document.createElement('input'); i.type = 'hidden'; i.name = 'csrf'; i.value = arguments[1];"
                            + "f.appendChild(i); document.body.appendChild(f); f.submit();",
                    "/ui/jobs/" + job.jobId() + "/cancel",
                    csrf);
            assertThat(b.text(By.id("error-title"))).isEqualTo("403 Forbidden");
            assertThat(b.driver.findElement(By.id("error-detail")).getText()).contains("Olu Ops", "ops", "supervisor");
            b.screenshot("role-ops-cancel-403");
        }
        assertThat(ItSupport.jobState(job.jobId())).isEqualTo("PLANNED");
    }

    @Test
    void opsDrainAWorkerOnTheWorkersPageAndTheAuditPageShowsWhoDid() {
        String pool = pool("wrk");
        String worker = "it-gpu-" + pool;
        ItSupport.send(
                Topics.WORKERS_HEARTBEAT,
                worker,
                new WorkerHeartbeat(
                        worker,
                        "render-07",
                        pool,
                        4,
                        1,
                        WorkerHeartbeat.WorkerState.UP,
                        new WorkerHeartbeat.Capabilities(
                                List.of("libx264"), null, 16, List.of(new WorkerHeartbeat.Gpu("NVIDIA L4", 23034L))),
                        List.of("task-a"),
                        Instant.now(),
                        null));
        By row = By.id("worker-" + worker);
        try (Browser b = new Browser(base.toString())) {
            b.signIn("ana", "ana-password");
            b.open("/ui/workers");
            assertThat(b.text(row)).contains("render-07", "1/4", "UP", "task-a", "NVIDIA L4 (23034 MiB)");
            int buttons = b.read(
                    d -> d.findElement(row).findElements(By.tagName("button")).size());
            assertThat(buttons)
                    .as("a supervisor sees workers but may not drain them")
                    .isZero();
            b.signOut();

            b.signIn("olu", "olu-password");
            b.open("/ui/workers");
            b.read(d -> {
                d.findElement(row)
                        .findElement(By.cssSelector("button[aria-label='drain " + worker + "']"))
                        .click();
                return true;
            });
            b.wait.until(d -> "DRAINING".equals(d.findElement(row).getAttribute("data-state"))
                    && d.findElement(row)
                                    .findElements(By.cssSelector("button[aria-label='undrain " + worker + "']"))
                                    .size()
                            == 1);
            b.screenshot("workers-drained");
            b.signOut();

            b.signIn("ana", "ana-password");
            b.open("/ui/audit?action=drain");
            WebElement audit = b.find(By.id("audit"));
            assertThat(audit.getText()).contains("Olu Ops (olu)", "ops", "drain", worker, "ok");
            b.screenshot("audit");
        }
    }

    // ---------------------------------------------------------------- plain HTTP: bad input

    /** Signs in through the form; the session cookie and its CSRF token. */
    record Session(String cookie, String csrf) {}

    static Session signIn(String user, String password) {
        Response form = web().redirects().follow(false).get("/ui/login");
        Response r = web().redirects()
                .follow(false)
                .cookie("darkroom_login", form.cookie("darkroom_login"))
                .contentType("application/x-www-form-urlencoded")
                .formParam("csrf", csrf(form.body().asString()))
                .formParam("username", user)
                .formParam("password", password)
                .post("/ui/login");
        assertThat(r.statusCode()).isEqualTo(303);
        String cookie = r.cookie("darkroom_session");
        String page =
                web().cookie("darkroom_session", cookie).get("/ui/jobs").body().asString();
        return new Session(cookie, csrf(page));
    }

    static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        assertThat(m.find()).as("a form with a CSRF token in %s", html).isTrue();
        return m.group(1);
    }

    @Test
    void anUnknownJobIsA404PageAndAFormWithoutItsCsrfTokenA403() {
        Session ana = signIn("ana", "ana-password");
        Response unknown = web().cookie("darkroom_session", ana.cookie()).get("/ui/jobs/" + UUID.randomUUID());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("text/html");
        assertThat(unknown.body().asString()).contains("404 Not found").doesNotContain("Exception", "at io.");
        assertThat(web().cookie("darkroom_session", ana.cookie())
                        .get("/ui/jobs/not-a-uuid")
                        .statusCode())
                .isEqualTo(404);
        assertThat(web().cookie("darkroom_session", ana.cookie())
                        .get("/ui/jobs/" + UUID.randomUUID() + "/approval")
                        .statusCode())
                .isEqualTo(404);
        assertThat(web().cookie("darkroom_session", ana.cookie())
                        .get("/ui/jobs?state=BOGUS")
                        .statusCode())
                .isEqualTo(400);

        JobSubmitted job = planned(pool("csrf"), "csrf test", "prores_csrf", 25);
        String cancel = "/ui/jobs/" + job.jobId() + "/cancel";
        Response none = web().redirects()
                .follow(false)
                .cookie("darkroom_session", ana.cookie())
                .contentType("application/x-www-form-urlencoded")
                .formParam("note", "x")
                .post(cancel);
        assertThat(none.statusCode()).isEqualTo(403);
        assertThat(none.body().asString()).contains("CSRF");
        Response wrong = web().redirects()
                .follow(false)
                .cookie("darkroom_session", ana.cookie())
                .contentType("application/x-www-form-urlencoded")
                .formParam("csrf", "forged")
                .post(cancel);
        assertThat(wrong.statusCode()).isEqualTo(403);
        Response anonymous = web().redirects()
                .follow(false)
                .contentType("application/x-www-form-urlencoded")
                .formParam("csrf", ana.csrf())
                .post(cancel);
        assertThat(anonymous.statusCode()).isEqualTo(403);
        Response loginWithout = web().redirects()
                .follow(false)
                .contentType("application/x-www-form-urlencoded")
                .formParam("username", "ana")
                .formParam("password", "ana-password")
                .post("/ui/login");
        assertThat(loginWithout.statusCode())
                .as("the sign-in form is CSRF-protected too")
                .isEqualTo(403);
        assertThat(ItSupport.jobState(job.jobId())).isEqualTo("PLANNED");

        // with the token it goes through
        Response ok = web().redirects()
                .follow(false)
                .cookie("darkroom_session", ana.cookie())
                .contentType("application/x-www-form-urlencoded")
                .formParam("csrf", ana.csrf())
                .post(cancel);
        assertThat(ok.statusCode()).isEqualTo(303);
        assertThat(ItSupport.jobState(job.jobId())).isEqualTo("CANCELLED");

        // the monitor's controls are audited like the API's, under the signed-in person, refusals included
        var audit = given().queryParam("job", job.jobId()).get("/audit").jsonPath();
        assertThat(audit.getList("action", String.class)).contains("cancel");
        assertThat(audit.getList("findAll { it.actorSubject == 'ana' }.outcome", String.class))
                .contains("refused", "ok");
        String page = web().cookie("darkroom_session", ana.cookie())
                .get("/ui/audit?job=" + job.jobId())
                .body()
                .asString();
        assertThat(page).contains("Ana Supervisor (ana)", "cancel", "refused", "CSRF");
    }

    /** Posts one of the job page's forms as the signed-in person; the answer is not followed. */
    private static Response form(Session who, String path, String... fields) {
        RequestSpecification r = web().redirects()
                .follow(false)
                .cookie("darkroom_session", who.cookie())
                .contentType("application/x-www-form-urlencoded")
                .formParam("csrf", who.csrf());
        for (int i = 0; i + 1 < fields.length; i += 2) {
            r = r.formParam(fields[i], fields[i + 1]);
        }
        return r.post(path);
    }

    @Test
    void pauseResumePriorityAndRetryFromTheJobPageChangeTheJobAndAreRecordedUnderTheSignedInPerson() {
        Session ana = signIn("ana", "ana-password");
        JobSubmitted job = planned(pool("ctl"), "controls test", "prores_ctl", 25);
        String page = "/ui/jobs/" + job.jobId();
        String before =
                web().cookie("darkroom_session", ana.cookie()).get(page).body().asString();
        assertThat(before)
                .contains("action=\"" + page + "/pause\"", "action=\"" + page + "/priority\"")
                .doesNotContain("action=\"" + page + "/resume\"", "action=\"" + page + "/retry\"");

        assertThat(form(ana, page + "/pause").statusCode()).isEqualTo(303);
        assertThat(ItSupport.jobState(job.jobId())).isEqualTo("PAUSED");
        String paused =
                web().cookie("darkroom_session", ana.cookie()).get(page).body().asString();
        assertThat(paused).contains("action=\"" + page + "/resume\"").doesNotContain("action=\"" + page + "/pause\"");
        Response again = form(ana, page + "/pause");
        assertThat(again.statusCode()).as("pausing a paused job").isEqualTo(409);
        assertThat(again.body().asString()).contains("PAUSED").doesNotContain("Exception");

        assertThat(form(ana, page + "/resume").statusCode()).isEqualTo(303);
        assertThat(ItSupport.jobState(job.jobId())).isEqualTo("PLANNED");

        assertThat(form(ana, page + "/priority", "priority", "70").statusCode()).isEqualTo(303);
        assertThat(ItSupport.job(job.jobId()).getInt("priority")).isEqualTo(70);
        Response bad = form(ana, page + "/priority", "priority", "high");
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(bad.body().asString())
                .contains("priority must be a whole number")
                .doesNotContain("Exception");

        String segment = (String) ItSupport.firstTaskOfKind(ItSupport.job(job.jobId()), "VIDEO_SEGMENT")
                .get("id");
        ItSupport.send(
                Topics.TASKS_EVENTS,
                job.jobId(),
                new TaskEvent.TaskFailed(
                        UUID.randomUUID().toString(),
                        Instant.now(),
                        job.jobId(),
                        segment,
                        1,
                        1,
                        "it-worker",
                        io.darkroom.contracts.FailureReason.BAD_INPUT,
                        "bad frame 3"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "FAILED".equals(ItSupport.jobState(job.jobId())));
        String failed =
                web().cookie("darkroom_session", ana.cookie()).get(page).body().asString();
        assertThat(failed).contains("action=\"" + page + "/retry\"").doesNotContain("action=\"" + page + "/pause\"");
        assertThat(form(ana, page + "/retry").statusCode()).isEqualTo(303);
        assertThat(ItSupport.jobState(job.jobId())).isEqualTo("PLANNED");
        assertThat(ItSupport.job(job.jobId()).getList("tasks.attempt", Integer.class))
                .containsOnly(2);

        assertThat(ItSupport.job(job.jobId()).getList("history.reason", String.class))
                .contains("paused by Ana Supervisor", "retry by Ana Supervisor");
        var audit = given().queryParam("job", job.jobId()).get("/audit").jsonPath();
        assertThat(audit.getList("findAll { it.actorSubject == 'ana' && it.outcome == 'ok' }.action", String.class))
                .contains("pause", "resume", "priority", "retry");
        assertThat(audit.getList(
                        "findAll { it.actorSubject == 'ana' && it.outcome == 'rejected' }.action", String.class))
                .as("the 409 and the 422, recorded as rejected")
                .contains("pause", "priority");
    }

    @Test
    void aPersonWithoutADarkroomRoleGetsA403Page() {
        // an OpenID provider's user (here: a token of the site) that holds no Darkroom role
        Response r = web().redirects()
                .follow(false)
                .header("Authorization", ItSupport.bearer("nobody"))
                .get("/ui/jobs");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.contentType()).startsWith("text/html");
        assertThat(r.body().asString())
                .contains("403 Forbidden", "holds no Darkroom role")
                .doesNotContain("Exception");
        Session art = signIn("art", "art-password");
        Response audit = web().cookie("darkroom_session", art.cookie()).get("/ui/audit");
        assertThat(audit.statusCode()).as("artists do not read the audit trail").isEqualTo(403);
        assertThat(audit.body().asString()).contains("supervisor or admin", "Art Ist has artist");
        assertThat(web().cookie("darkroom_session", art.cookie())
                        .get("/ui/workers")
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void htmlInJobNamesNotesAndClipNamesIsEscapedAndPagesCarryTheSecurityHeaders() {
        // a pool without workers: the job stays PLANNED until the cancel below
        JobSubmitted job = planned(pool("esc"), "<script>alert('job')</script>", "<script>alert('clip')", 25);
        Session ana = signIn("ana", "ana-password");
        Response cancel = web().redirects()
                .follow(false)
                .cookie("darkroom_session", ana.cookie())
                .contentType("application/x-www-form-urlencoded")
                .formParam("csrf", ana.csrf())
                .formParam("note", "<script>alert('note')</script>")
                .post("/ui/jobs/" + job.jobId() + "/cancel");
        assertThat(cancel.statusCode()).as(cancel.body().asString()).isEqualTo(303);

        Response page = web().cookie("darkroom_session", ana.cookie()).get("/ui/jobs/" + job.jobId());
        assertThat(page.statusCode()).isEqualTo(200);
        String html = page.body().asString();
        assertThat(html)
                .doesNotContain("<script>alert(")
                .contains("&lt;script&gt;alert(&#39;job&#39;)&lt;/script&gt;", "&lt;script&gt;alert(&#39;clip&#39;)");
        assertThat(html)
                .as("the cancel note in the history")
                .contains("&lt;script&gt;alert(&#39;note&#39;)&lt;/script&gt;");
        String list = web().cookie("darkroom_session", ana.cookie())
                .get("/ui/jobs?q=" + job.jobId())
                .body()
                .asString();
        assertThat(list).doesNotContain("<script>alert(").contains("&lt;script&gt;alert(&#39;job&#39;)");

        String csp = page.header("Content-Security-Policy");
        assertThat(csp)
                .contains("script-src 'self'", "default-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(html).as("no inline script: every script has a src").doesNotContainPattern("<script(?![^>]*src=)");
        assertThat(web().get("/webjars/htmx.org/2.0.10/dist/htmx.min.js").statusCode())
                .as("htmx is served from the jar, not from a CDN")
                .isEqualTo(200);
    }

    // ---------------------------------------------------------------- simulated worker

    /** Reports a video task started and done with an H.264 file FFmpeg made like a worker's. */
    private static void complete(RenderTask t, String worker) throws Exception {
        List<SegmentFile> files = new ArrayList<>();
        for (RenderTask.RenderOutput o : t.outputs()) {
            String rel = t.outputPrefix().path() + "." + o.name() + ".a" + t.attempt() + "-d1-" + worker + ".mp4";
            Path file = DarkroomTestResource.storageRoot("work").resolve(rel);
            Files.createDirectories(file.getParent());
            Ffmpeg.Result r = Ffmpeg.ffmpeg(
                    List.of(
                            "-v",
                            "error",
                            "-y",
                            "-i",
                            DarkroomTestResource.storageRoot("media")
                                    .resolve(t.source().path())
                                    .toString(),
                            "-map",
                            "0:v:0",
                            "-vf",
                            "scale=" + o.width() + ":" + o.height() + ",format=yuv420p",
                            "-fps_mode",
                            "passthrough",
                            "-c:v",
                            "libx264",
                            "-preset",
                            "veryfast",
                            "-crf",
                            "23",
                            "-dn",
                            "-sn",
                            "-map_metadata",
                            "-1",
                            file.toString()),
                    Duration.ofMinutes(2));
            assertThat(r.ok()).as(r.stderrTail()).isTrue();
            files.add(new SegmentFile(
                    o.name(),
                    new SourceRef("work", rel),
                    t.expectedFrames(),
                    t.expectedFrames() * t.fpsDen() * 1_000_000L / t.fpsNum(),
                    Files.size(file),
                    null));
        }
        ItSupport.send(
                Topics.TASKS_EVENTS,
                t.jobId(),
                new TaskEvent.TaskStarted(
                        UUID.randomUUID().toString(), Instant.now(), t.jobId(), t.taskId(), t.attempt(), 1, worker));
        ItSupport.send(
                Topics.TASKS_EVENTS,
                t.jobId(),
                new TaskEvent.TaskDone(
                        UUID.randomUUID().toString(),
                        Instant.now(),
                        t.jobId(),
                        t.taskId(),
                        t.attempt(),
                        1,
                        worker,
                        files));
    }
}
