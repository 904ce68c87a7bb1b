package io.darkroom.process;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.darkroom.contracts.JobSubmitted;
import io.darkroom.contracts.OutputSpec;
import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.RenderTask;
import io.darkroom.contracts.SourceRef;
import io.darkroom.contracts.Topics;
import io.darkroom.contracts.ops.Op;
import io.darkroom.local.UpscaleModels;
import io.darkroom.local.test.DarkroomTestResource;
import io.darkroom.models.registry.ModelMetadata;
import io.darkroom.models.tfjs.NpmPack;
import io.darkroom.provenance.ManifestVerifier;
import io.darkroom.provenance.VerificationReport;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The approval gate with the real esrgan-slim x2 (imported from its npm package by the project's converter into
 * {@code darkroom.models.dir}) on the real 10-bit VP9 clip (426x240, 80 frames): the job waits in AWAITING_APPROVAL,
 * nothing is dispatched, the preview images and numbers appear; bad decisions are refused with JSON 4xx; an approval
 * with lanczos swaps the op in what the workers get; a rejection ends the job with the note.
 */
@QuarkusTest
@WithTestResource(value = DarkroomTestResource.class, scope = TestResourceScope.GLOBAL)
class ApprovalIT {
    @org.junit.jupiter.api.BeforeEach
    void signIn() {
        ItSupport.signInWithEveryRole();
    }

    static final String CLIP = "webm/vp9_profile2_10bit_roadtrip.webm";
    static final Duration PREVIEW = Duration.ofSeconds(180);
    /** Who submits the gated jobs: ana, a built-in user. */
    static final io.darkroom.contracts.Actor SUBMITTER =
            new io.darkroom.contracts.Actor("ana", "Ana", io.darkroom.contracts.Actor.DARKROOM_ISSUER);

    static ModelMetadata model;

    @BeforeAll
    static void importModel() {
        assumeTrue(
                NpmPack.npmAvailable(),
                "npm is not on the PATH: the pretrained esrgan weights are fetched with " + "`npm pack "
                        + UpscaleModels.PACKAGE + "`");
        Path root = Path.of(System.getProperty("darkroom.root"));
        model = UpscaleModels.ensure(
                root.resolve("process-service/target/test-models"), root.resolve("process-service/target/npm"));
    }

    @org.junit.jupiter.api.BeforeEach
    void trustModel() {
        trust();
    }

    /**
     * Registers the imported model in the trusted catalog, as an admin does after importing (the registry folder
     * alone is not trusted); call once the app is up, after {@link #importModel}.
     */
    static void trust() {
        int status = given().header("Authorization", ItSupport.bearer("root", io.darkroom.security.Role.ADMIN))
                .contentType(io.restassured.http.ContentType.JSON)
                .body(Map.of(
                        "name",
                        model.name(),
                        "sha256",
                        model.sha256(),
                        "fp16Sha256",
                        model.fp16().sha256()))
                .post("/models")
                .statusCode();
        assertThat(status).isIn(200, 201);
    }

    static JobSubmitted gated(String pool, List<Op> ops, int previewFrames) {
        String jobId = UUID.randomUUID().toString();
        Recipe recipe = Recipe.of(List.of(OutputSpec.of("master", "prores-hq", 1920, 1080)))
                .withOps(ops)
                .withApproval(Recipe.APPROVAL_REQUIRED)
                .withPreviewFrames(previewFrames);
        return new JobSubmitted(
                JobSubmitted.SCHEMA,
                jobId,
                "approval " + jobId.substring(0, 8),
                0,
                pool,
                recipe,
                List.of(new JobSubmitted.ProbedSource("roadtrip", new SourceRef("media", CLIP), ItSupport.probe(CLIP))),
                new SourceRef("out", "approval/" + jobId),
                "ana",
                Instant.now(),
                null,
                SUBMITTER);
    }

    static JsonPath awaitReady(String jobId) {
        await().atMost(PREVIEW).until(() -> {
            var r = given().get("/jobs/" + jobId + "/approval");
            return r.statusCode() == 200
                    && !"RENDERING_PREVIEW".equals(r.jsonPath().getString("status"));
        });
        return given().get("/jobs/" + jobId + "/approval").jsonPath();
    }

    @Test
    void aGatedJobWaitsWithAPreviewThenRendersWithTheApprovedLanczos() throws Exception {
        String pool = "it-appr-" + UUID.randomUUID().toString().substring(0, 8);
        JobSubmitted job = gated(pool, List.of(Op.Upscale.of("esrgan-slim-x2", 2)), 2);
        ItSupport.heartbeat("it-worker-" + pool, pool, 4, 0);
        ItSupport.submit(job);

        await().atMost(Duration.ofSeconds(30)).until(() -> "AWAITING_APPROVAL".equals(ItSupport.jobState(job.jobId())));
        JsonPath approval = awaitReady(job.jobId());
        assertThat(approval.getString("status")).isEqualTo("READY");
        JsonPath view = ItSupport.job(job.jobId());
        assertThat(view.getString("state")).isEqualTo("AWAITING_APPROVAL");
        // nothing dispatched while waiting, though a worker has free slots
        assertThat(view.getList("tasks.state", String.class)).containsOnly("PENDING");
        // the planner makes an upscaled output scale x the picture the upscale receives
        assertThat(view.getInt("clips[0].outputs[0].width")).isEqualTo(852);
        assertThat(view.getInt("clips[0].outputs[0].height")).isEqualTo(480);

        assertThat(approval.getString("model")).isEqualTo("esrgan-slim-x2");
        assertThat(approval.getInt("scale")).isEqualTo(2);
        List<Map<String, Object>> previews = approval.getList("previews");
        assertThat(previews).hasSize(2);
        Path key = DarkroomTestResource.storageRoot("work").resolve("provenance-key");
        for (Map<String, Object> p : previews) {
            Path png = Path.of((String) p.get("path"));
            BufferedImage img = ImageIO.read(png.toFile());
            assertThat(img.getWidth()).isEqualTo(3 * 852).isEqualTo(p.get("width"));
            assertThat(img.getHeight()).isEqualTo(480 + 56).isEqualTo(p.get("height"));
            // the three panels differ: source (nearest), lanczos, model
            assertThat(panelMean(img, 1)).isNotEqualTo(panelMean(img, 2));
            VerificationReport report = ManifestVerifier.verify(
                    png, Optional.of(key), ref -> Optional.of(ItSupport.media(ref.substring(ref.indexOf(':') + 1))));
            assertThat(report.ok()).as(report.toText()).isTrue();
            assertThat(report.manifest().model().name()).isEqualTo("esrgan-slim-x2");
            assertThat(Path.of((String) p.get("manifest"))).isRegularFile();
        }
        assertThat(approval.getList("evaluation.clip", String.class)).containsExactly("roadtrip");
        assertThat(approval.getList("evaluation[0].scores.method", String.class))
                .containsExactly("esrgan-slim-x2", "lanczos3", "bicubic");
        assertThat(approval.getList("evaluation[0].scores.psnr", Float.class))
                .allSatisfy(v -> assertThat(v).isGreaterThan(20f));
        assertThat(view.getList("artifacts.kind", String.class)).containsExactly("preview", "preview");

        // bad decisions: JSON 4xx naming the problem
        assertThat(given().body("{\"method\": \"bilinear\"}")
                        .post("/jobs/" + job.jobId() + "/approve")
                        .then()
                        .statusCode(422)
                        .extract()
                        .jsonPath()
                        .getString("error"))
                .contains("method");
        // a misspelt method is refused, not read as the default (model) method
        JsonPath misspelt = given().body("{\"methd\": \"lanczos\"}")
                .post("/jobs/" + job.jobId() + "/approve")
                .then()
                .statusCode(422)
                .extract()
                .jsonPath();
        assertThat(misspelt.getString("problem")).isEqualTo("UNKNOWN_FIELD");
        assertThat(misspelt.getString("error"))
                .isEqualTo("Unknown field 'methd' in the body (did you mean 'method'?); its fields: method, note.");
        // who approves is the token's subject, never a body field
        assertThat(given().body("{\"by\": \"Head of Post\", \"method\": \"model\"}")
                        .post("/jobs/" + job.jobId() + "/approve")
                        .then()
                        .statusCode(422)
                        .extract()
                        .jsonPath()
                        .getString("error"))
                .contains("\"by\"");
        assertThat(given().body("{}")
                        .post("/jobs/" + job.jobId() + "/reject")
                        .then()
                        .statusCode(422)
                        .extract()
                        .jsonPath()
                        .getString("error"))
                .contains("note");
        given().body("not json")
                .post("/jobs/" + job.jobId() + "/approve")
                .then()
                .statusCode(400);

        // separation of duties: ana submitted the job, so even as a supervisor she cannot approve it
        assertThat(given().header("Authorization", ItSupport.bearer("ana", io.darkroom.security.Role.SUPERVISOR))
                        .body("{\"method\": \"model\"}")
                        .post("/jobs/" + job.jobId() + "/approve")
                        .then()
                        .statusCode(403)
                        .extract()
                        .jsonPath()
                        .getString("error"))
                .contains("separation of duties", "allow-self-approval");
        // an artist may not approve at all: 403 naming the role
        assertThat(given().header("Authorization", ItSupport.bearer("cy", io.darkroom.security.Role.ARTIST))
                        .body("{\"method\": \"model\"}")
                        .post("/jobs/" + job.jobId() + "/approve")
                        .then()
                        .statusCode(403)
                        .extract()
                        .jsonPath()
                        .getList("allowed", String.class))
                .containsExactly("supervisor");
        given().header("Authorization", ItSupport.bearer("sam", io.darkroom.security.Role.SUPERVISOR))
                .body("{\"method\": \"lanczos\", \"note\": \"model too soft on the sky\"}")
                .post("/jobs/" + job.jobId() + "/approve")
                .then()
                .statusCode(200);
        JsonPath decided = given().get("/jobs/" + job.jobId() + "/approval").jsonPath();
        assertThat(decided.getString("status")).isEqualTo("APPROVED");
        assertThat(decided.getString("method")).isEqualTo("lanczos");
        assertThat(decided.getString("decidedBy")).isEqualTo("sam");
        // a second decision is refused
        given().body("{}").post("/jobs/" + job.jobId() + "/approve").then().statusCode(409);
        ItSupport.heartbeat("it-worker-" + pool, pool, 4, 0);

        List<RenderTask> tasks;
        try (var topic = new ItSupport.TopicReader(Topics.tasks(pool))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> !topic.records().isEmpty());
            tasks = topic.values(RenderTask.class);
        }
        assertThat(tasks)
                .allSatisfy(t -> assertThat(t.outputs()).singleElement().satisfies(o -> {
                    assertThat(o.ops()).containsExactly(new Op.LanczosUpscale(2));
                    assertThat(o.width()).isEqualTo(852);
                }));
        JsonPath after = ItSupport.job(job.jobId());
        assertThat(after.getString("state")).isEqualTo("RUNNING");
        assertThat(after.getList("history.to", String.class))
                .containsSubsequence(
                        "SUBMITTED", "PLANNED", "AWAITING_APPROVAL", "AWAITING_APPROVAL", "PLANNED", "RUNNING");
        assertThat(after.getList("history.reason", String.class))
                .anySatisfy(r -> assertThat(r).startsWith("preview ready: 2 image(s); roadtrip: esrgan-slim-x2"))
                .anySatisfy(r -> assertThat(r)
                        .isEqualTo("approved by sam: lanczos3 in place of esrgan-slim-x2 x2 "
                                + "(model too soft on the sky)"));
        given().body("{}").post("/jobs/" + job.jobId() + "/cancel").then().statusCode(200);
    }

    @Test
    void aRejectedJobEndsCancelledWithTheNoteAndNothingRendered() {
        String pool = "it-rej-" + UUID.randomUUID().toString().substring(0, 8);
        JobSubmitted job = gated(pool, List.of(Op.Upscale.of("esrgan-slim-x2", 2)), 1);
        ItSupport.submit(job);
        assertThat(awaitReady(job.jobId()).getString("status")).isEqualTo("READY");

        given().header("Authorization", ItSupport.bearer("bo", io.darkroom.security.Role.SUPERVISOR))
                .body("{\"note\": \"faces smeared\"}")
                .post("/jobs/" + job.jobId() + "/reject")
                .then()
                .statusCode(200);
        JsonPath view = ItSupport.job(job.jobId());
        assertThat(view.getString("state")).isEqualTo("CANCELLED");
        assertThat(view.getString("reason")).isEqualTo("rejected by bo: faces smeared");
        assertThat(view.getList("tasks.state", String.class)).containsOnly("CANCELLED");
        assertThat(view.getList("clips.state", String.class)).containsOnly("CANCELLED");
        assertThat(view.getString("approval.status")).isEqualTo("REJECTED");
        assertThat(view.getString("approval.note")).isEqualTo("faces smeared");
        given().body("{}").post("/jobs/" + job.jobId() + "/approve").then().statusCode(409);
    }

    @Test
    void aGateWithoutAnUpscaleOrWithAnUnknownModelFailsTheJobSayingWhy() {
        JobSubmitted plain = gated("cpu", List.of(), 1);
        ItSupport.submit(plain);
        await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(ItSupport.jobState(plain.jobId())));
        assertThat(ItSupport.job(plain.jobId()).getString("reason"))
                .isEqualTo("cannot plan: approval: required needs an upscale op (the preview compares its model with "
                        + "lanczos3); no output has one");
        given().get("/jobs/" + plain.jobId() + "/approval").then().statusCode(404);

        // a model the trusted catalog does not hold fails at planning, before any preview
        JobSubmitted unknown = gated("cpu", List.of(Op.Upscale.of("no-such-model-x2", 2)), 1);
        ItSupport.submit(unknown);
        await().atMost(Duration.ofSeconds(60)).until(() -> "FAILED".equals(ItSupport.jobState(unknown.jobId())));
        JsonPath view = ItSupport.job(unknown.jobId());
        assertThat(view.getString("reason"))
                .startsWith("cannot plan: model 'no-such-model-x2' is not in the trusted model catalog")
                .contains("POST /models");
        given().get("/jobs/" + unknown.jobId() + "/approval").then().statusCode(404);
        assertThat(view.getList("tasks", Object.class)).isEmpty();
    }

    /** Mean of the green channel over one panel (0, 1, 2) of a preview sheet, above the caption. */
    static double panelMean(BufferedImage img, int panel) {
        int pw = img.getWidth() / 3;
        int h = img.getHeight() - 56;
        long sum = 0;
        for (int y = 0; y < h; y++) {
            for (int x = panel * pw; x < (panel + 1) * pw; x++) {
                sum += (img.getRGB(x, y) >> 8) & 0xff;
            }
        }
        return sum / (double) (pw * h);
    }
}
