package io.darkroom.process;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.local.test.DarkroomTestResource;
import io.darkroom.models.onnx.OnnxModel;
import io.darkroom.models.onnx.OnnxWriter;
import io.darkroom.security.Role;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The model registry over HTTP (issue 10): an admin registers a bring-your-own ONNX model from a storage root, audited
 * under their name; other roles are refused naming admin; bad files and names are clear 4xx; anyone signed in lists.
 */
@QuarkusTest
@WithTestResource(value = DarkroomTestResource.class, scope = TestResourceScope.GLOBAL)
class ModelRegistryIT {

    /** An NCHW float32 Identity model: enough for the registry (it inspects the interface, never runs it). */
    static byte[] tinyModel(String unusedValue) {
        List<OnnxModel.Dim> shape = List.of(
                new OnnxModel.Fixed(1),
                new OnnxModel.Fixed(3),
                new OnnxModel.Symbolic("h"),
                new OnnxModel.Symbolic("w"));
        OnnxModel.Graph g = new OnnxModel.Graph(
                "g",
                List.of(new OnnxModel.Node("Identity", "id", List.of("image"), List.of("upscaled"), List.of())),
                List.of(new OnnxModel.Tensor("unused", new long[] {1}, new float[] {Float.parseFloat(unusedValue)})),
                List.of(new OnnxModel.ValueInfo("image", shape)),
                List.of(new OnnxModel.ValueInfo("upscaled", shape)));
        return OnnxWriter.toBytes(new OnnxModel(8, 17, "test", "1", g, Map.of()));
    }

    private static Response register(String auth, String body) {
        return given().header("Authorization", auth)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/models");
    }

    @Test
    void anAdminRegistersAModelFromAStorageRootAndEveryOtherRoleIsRefused() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        Path dir = Files.createDirectories(
                DarkroomTestResource.storageRoot("media").resolve("generated/models-" + id));
        byte[] onnx = tinyModel("0");
        Files.write(dir.resolve("model.onnx"), onnx);
        Files.write(dir.resolve("other.onnx"), tinyModel("1"));
        Files.writeString(dir.resolve("notes.onnx"), "not a model");
        String name = "byo-" + id;
        String body = "{\"name\": \"" + name + "\", \"scale\": 2, \"file\": \"media:generated/models-" + id
                + "/model.onnx\", \"licence\": \"MIT\", \"version\": \"1.0\"}";
        String admin = ItSupport.bearer("root", Role.ADMIN);

        for (Role r : List.of(Role.ARTIST, Role.SUPERVISOR, Role.OPS)) {
            Response refused = register(ItSupport.bearer("someone", r), body);
            assertThat(refused.statusCode()).as(r.id()).isEqualTo(403);
            assertThat(refused.jsonPath().getList("allowed", String.class)).containsExactly("admin");
        }
        assertThat(given().body(body)
                        .contentType(ContentType.JSON)
                        .post("/models")
                        .statusCode())
                .isEqualTo(401);

        Response created = register(admin, body);
        assertThat(created.statusCode()).as(created.body().asString()).isEqualTo(201);
        JsonPath m = created.jsonPath();
        assertThat(m.getString("name")).isEqualTo(name);
        assertThat(m.getInt("scale")).isEqualTo(2);
        assertThat(m.getString("sha256"))
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(onnx)));
        assertThat(m.getString("input.tensor")).isEqualTo("image");
        assertThat(m.getString("input.layout")).isEqualTo("NCHW");
        assertThat(m.getString("source")).contains("registered by root");
        assertThat(register(admin, body).statusCode()).as("the same file again").isEqualTo(200);

        // a misspelt field (here the licence, which would go unrecorded) is refused, in either form of the body
        Response misspelt = register(admin, body.replace("\"licence\"", "\"license\""));
        assertThat(misspelt.statusCode()).isEqualTo(422);
        assertThat(misspelt.jsonPath().getString("problem")).isEqualTo("UNKNOWN_FIELD");
        assertThat(misspelt.jsonPath().getString("error"))
                .startsWith("Unknown field 'license' in the body (did you mean 'licence'?)");
        Response trustMisspelt = register(admin, "{\"name\": \"" + name + "\", \"sha265\": \"00\"}");
        assertThat(trustMisspelt.statusCode()).isEqualTo(422);
        assertThat(trustMisspelt.jsonPath().getString("error"))
                .isEqualTo("Unknown field 'sha265' in the body (did you mean 'sha256'?); its fields: fp16Sha256, name,"
                        + " sha256.");

        // another file under the taken name, not a model, outside the readable roots, a bad name or scale
        Response taken = register(admin, body.replace("model.onnx", "other.onnx"));
        assertThat(taken.statusCode()).isEqualTo(409);
        assertThat(taken.jsonPath().getString("problem")).isEqualTo("ALREADY_EXISTS");
        Response notModel =
                register(admin, body.replace("model.onnx", "notes.onnx").replace(name, name + "-b"));
        assertThat(notModel.statusCode()).isEqualTo(422);
        assertThat(notModel.jsonPath().getString("error")).contains("not an ONNX model");
        Response internal = register(
                admin,
                body.replace("media:generated/models-" + id, "work:models-" + id)
                        .replace(name, name + "-c"));
        assertThat(internal.statusCode()).isEqualTo(422);
        assertThat(internal.jsonPath().getString("problem")).isEqualTo("ROOT_NOT_ALLOWED");
        Response escape = register(
                admin,
                body.replace("media:generated/models-" + id + "/model.onnx", "media:../etc/passwd")
                        .replace(name, name + "-d"));
        assertThat(escape.statusCode()).isEqualTo(422);
        assertThat(escape.body().asString())
                .doesNotContain(DarkroomTestResource.storageRoot("media").toString());
        assertThat(register(admin, body.replace(name, "Bad Name!")).jsonPath().getString("problem"))
                .isEqualTo("INVALID_NAME");
        assertThat(register(
                                admin,
                                body.replace("\"scale\": 2", "\"scale\": \"x\"").replace(name, name + "-e"))
                        .jsonPath()
                        .getString("error"))
                .contains("scale must be a whole number");

        // listed for anyone signed in, audited under the admin (refusals included)
        assertThat(given().header("Authorization", ItSupport.bearer("kim", Role.ARTIST))
                        .get("/models")
                        .jsonPath()
                        .getList("name", String.class))
                .contains(name);
        JsonPath audit = given().header("Authorization", admin)
                .queryParam("actor", "root")
                .get("/audit")
                .jsonPath();
        assertThat(audit.getList("findAll { it.action == 'model.register' }.outcome", String.class))
                .contains("ok", "rejected");
        JsonPath refusals = given().header("Authorization", admin)
                .queryParam("actor", "someone")
                .get("/audit")
                .jsonPath();
        assertThat(refusals.getList("findAll { it.action == 'model.register' }.outcome", String.class))
                .contains("refused");
    }
}
