package io.darkroom.process;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.darkroom.contracts.JobSubmitted;
import io.darkroom.contracts.Json;
import io.darkroom.contracts.OutputSpec;
import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.RenderTask;
import io.darkroom.contracts.SourceRef;
import io.darkroom.contracts.Topics;
import io.darkroom.contracts.ops.Op;
import io.darkroom.local.test.DarkroomTestResource;
import io.darkroom.models.registry.ModelMetadata;
import io.darkroom.models.registry.ModelRegistry;
import io.darkroom.provenance.Sha256;
import io.darkroom.security.Role;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: the trusted model catalog. POST /models records the hash it verified in table models; a model that is
 * only in the registry folder (whoever writes the models volume can put one there, metadata and all) is not trusted:
 * a job naming it fails at planning saying how to register it, as does a recipe pinning another hash than the
 * catalog's; a trusted model is planned and every task of it carries the catalog's hash for the worker.
 */
@QuarkusTest
@WithTestResource(value = DarkroomTestResource.class, scope = TestResourceScope.GLOBAL)
class TrustedModelsIT {
    private static final String ADMIN = ItSupport.bearer("root", Role.ADMIN);

    @Inject
    AgroalDataSource dataSource;

    @BeforeEach
    void signIn() {
        ItSupport.signInWithEveryRole();
    }

    private static Response post(String auth, String body) {
        return given().header("Authorization", auth)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/models");
    }

    private static ModelRegistry registry() {
        return new ModelRegistry(Path.of(ConfigProvider.getConfig().getValue("darkroom.models.dir", String.class)));
    }

    /** The catalog row of a model: sha256, fp16_sha256, registered_by; empty when there is none. */
    private List<String> row(String name) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT sha256, fp16_sha256, registered_by FROM models WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? java.util.Arrays.asList(rs.getString(1), rs.getString(2), rs.getString(3))
                        : List.of();
            }
        }
    }

    /** A job upscaling the GoPro clip x2 with {@code op}, in a pool of its own. */
    private static JobSubmitted job(String pool, Op.Upscale op) {
        String jobId = UUID.randomUUID().toString();
        return new JobSubmitted(
                JobSubmitted.SCHEMA,
                jobId,
                "trusted models " + jobId.substring(0, 8),
                0,
                pool,
                Recipe.of(List.of(OutputSpec.of("master", "ffv1-master", 640, 360)))
                        .withSegmentFrames(300)
                        .withOps(List.of(new Op.Reformat(Op.Reformat.Mode.FIT, 320, 180), op)),
                List.of(new JobSubmitted.ProbedSource(
                        "gopro", new SourceRef("media", ItSupport.GOPRO), ItSupport.probe(ItSupport.GOPRO))),
                new SourceRef("out", "trusted/" + jobId),
                "it",
                Instant.now(),
                null,
                null);
    }

    private static JsonPath awaitState(String jobId, String state) {
        await().atMost(Duration.ofSeconds(60)).until(() -> state.equals(ItSupport.jobState(jobId)));
        return ItSupport.job(jobId);
    }

    @Test
    void aRegisteredModelIsTrustedAndPlannedWithItsHashAModelOnlyInTheFolderIsNot() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        Path dir = Files.createDirectories(
                DarkroomTestResource.storageRoot("media").resolve("generated/trusted-" + id));
        byte[] onnx = ModelRegistryIT.tinyModel("0");
        Files.write(dir.resolve("model.onnx"), onnx);
        String sha = Sha256.of(onnx);
        String name = "trusted-" + id;

        // POST /models: the hash it computed goes into the catalog, under the admin's name
        Response created = post(
                ADMIN,
                "{\"name\": \"" + name + "\", \"scale\": 2, \"file\": \"media:generated/trusted-" + id
                        + "/model.onnx\"}");
        assertThat(created.statusCode()).as(created.body().asString()).isEqualTo(201);
        assertThat(created.jsonPath().getBoolean("trusted")).isTrue();
        assertThat(row(name)).containsExactly(sha, null, "root");

        // a model someone put into the registry folder directly (metadata and all): listed, not trusted
        String planted = "planted-" + id;
        Files.write(dir.resolve("planted.onnx"), ModelRegistryIT.tinyModel("1"));
        ModelMetadata plantedMeta = registry()
                .register(
                        dir.resolve("planted.onnx"),
                        new ModelMetadata(
                                planted,
                                "1",
                                2,
                                null,
                                "MIT",
                                "copied onto the volume",
                                ModelMetadata.TensorSpec.nhwc255("image"),
                                ModelMetadata.TensorSpec.nhwc255("upscaled"),
                                null));
        assertThat(row(planted)).isEmpty();
        JsonPath listed = given().get("/models").jsonPath();
        assertThat(listed.getBoolean("find { it.name == '" + name + "' }.trusted"))
                .isTrue();
        assertThat(listed.getString("find { it.name == '" + name + "' }.registeredBy"))
                .isEqualTo("root");
        assertThat(listed.getBoolean("find { it.name == '" + planted + "' }.trusted"))
                .isFalse();

        String pool = "it-trust-" + id;
        JobSubmitted untrusted = job(pool, Op.Upscale.of(planted, 2));
        ItSupport.submit(untrusted);
        assertThat(awaitState(untrusted.jobId(), "FAILED").getString("reason"))
                .isEqualTo("cannot plan: model '" + planted + "' is not in the trusted model catalog: an admin"
                        + " registers it with POST /models (or ./darkroom trust-model), which records its sha256 (a"
                        + " model file in the registry folder alone is not trusted)");

        // a pin that is not the catalog's hash
        String other = "0".repeat(64);
        JobSubmitted pinned = job(pool, Op.Upscale.of(name, 2).withSha256(other));
        ItSupport.submit(pinned);
        assertThat(awaitState(pinned.jobId(), "FAILED").getString("reason"))
                .isEqualTo("cannot plan: model '" + name + "': the recipe pins sha256 " + other
                        + " but the trusted model catalog records " + sha);

        // fp16 without a trusted float16 variant
        JobSubmitted half = job(pool, new Op.Upscale(name, 2, null, null, Op.Upscale.Precision.FP16, null));
        ItSupport.submit(half);
        assertThat(awaitState(half.jobId(), "FAILED").getString("reason"))
                .contains("precision fp16 needs its float16 variant", name);

        // trusted (and pinned to the right hash): planned, and each task carries the catalog's hash
        try (var topic = new ItSupport.TopicReader(Topics.tasks(pool))) {
            JobSubmitted good = job(pool, Op.Upscale.of(name, 2).withSha256(sha));
            ItSupport.submit(good);
            await().atMost(Duration.ofSeconds(60)).until(() -> "PLANNED".equals(ItSupport.jobState(good.jobId())));
            ItSupport.heartbeat("it-worker-" + pool, pool, 2, 0);
            await().atMost(Duration.ofSeconds(30)).until(() -> !topic.records().isEmpty());
            RenderTask task = topic.values(RenderTask.class).get(0);
            assertThat(task.jobId()).isEqualTo(good.jobId());
            assertThat(task.outputs()).singleElement().satisfies(o -> assertThat(o.modelSha256())
                    .isEqualTo(sha));
        }
        // the planted model's metadata vouches for it, which is exactly what is not trusted
        assertThat(registry().load(planted).metadata().sha256()).isEqualTo(plantedMeta.sha256());
    }

    @Test
    void anAdminTrustsAModelAlreadyInTheFolderByTheHashTheyVouchFor() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        Path dir = Files.createDirectories(
                DarkroomTestResource.storageRoot("media").resolve("generated/vouch-" + id));
        byte[] onnx = ModelRegistryIT.tinyModel("2");
        Files.write(dir.resolve("m.onnx"), onnx);
        String sha = Sha256.of(onnx);
        String name = "imported-" + id;
        registry()
                .register(
                        dir.resolve("m.onnx"),
                        new ModelMetadata(
                                name,
                                "1",
                                2,
                                null,
                                "MIT",
                                "npm: imported",
                                ModelMetadata.TensorSpec.nhwc255("image"),
                                ModelMetadata.TensorSpec.nhwc255("upscaled"),
                                null));
        String body = "{\"name\": \"" + name + "\", \"sha256\": \"" + sha + "\"}";

        for (Role r : List.of(Role.ARTIST, Role.SUPERVISOR, Role.OPS)) {
            assertThat(post(ItSupport.bearer("someone", r), body).statusCode())
                    .as(r.id())
                    .isEqualTo(403);
        }
        Response wrong = post(ADMIN, body.replace(sha, "f".repeat(64)));
        assertThat(wrong.statusCode()).isEqualTo(422);
        assertThat(wrong.jsonPath().getString("problem")).isEqualTo("CONFLICT");
        assertThat(wrong.jsonPath().getString("error")).contains(name, sha, "f".repeat(64));
        Response malformed = post(ADMIN, body.replace(sha, "abc"));
        assertThat(malformed.statusCode()).isEqualTo(422);
        assertThat(malformed.jsonPath().getString("problem")).isEqualTo("INVALID_VALUE");
        assertThat(malformed.jsonPath().getString("error")).contains("sha256 must be", "64 lower-case hex");
        Response missing = post(ADMIN, body.replace(name, "nowhere-" + id));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body().asString())
                .contains("nowhere-" + id)
                .doesNotContain(registry().directory().toString());
        Response fp16 = post(ADMIN, body.replace("}", ", \"fp16Sha256\": \"" + sha + "\"}"));
        assertThat(fp16.statusCode()).as("no float16 variant to vouch for").isEqualTo(404);
        assertThat(row(name)).as("nothing trusted by a refused request").isEmpty();

        Response trusted = post(ADMIN, body);
        assertThat(trusted.statusCode()).as(trusted.body().asString()).isEqualTo(201);
        assertThat(trusted.jsonPath().getBoolean("trusted")).isTrue();
        assertThat(trusted.jsonPath().getString("sha256")).isEqualTo(sha);
        assertThat(row(name)).containsExactly(sha, null, "root");
        assertThat(post(ADMIN, body).statusCode()).as("the same again").isEqualTo(200);

        // the file is swapped and its metadata rewritten to match: the catalog keeps the registered hash, and
        // registering the swapped file under the trusted name is refused
        byte[] swapped = ModelRegistryIT.tinyModel("3");
        Files.write(registry().onnxFile(name), swapped);
        Files.writeString(
                registry().directory().resolve(name + ".json"),
                Json.write(registry().metadata(name).withSha256(Sha256.of(swapped))));
        Response again = post(ADMIN, body.replace(sha, Sha256.of(swapped)));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.jsonPath().getString("problem")).isEqualTo("ALREADY_EXISTS");
        assertThat(row(name)).containsExactly(sha, null, "root");
        assertThat(given().header("Authorization", ADMIN)
                        .queryParam("actor", "root")
                        .get("/audit")
                        .jsonPath()
                        .getList("findAll { it.action == 'model.register' }.outcome", String.class))
                .contains("ok", "rejected");
    }
}
