package io.darkroom.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import io.darkroom.ingest.testing.TestAuth;
import io.darkroom.ingest.testing.TestMedia;
import io.darkroom.local.test.DarkroomTestResource;
import io.darkroom.models.convert.TfjsImporter;
import io.darkroom.models.registry.ModelRegistry;
import io.darkroom.models.tfjs.NpmPack;
import io.darkroom.security.Role;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * GET /models over HTTP with a registry holding esrgan-slim x2 (imported from its npm package by the project's own
 * converter), and a job naming an unknown model refused with 422 UNKNOWN_MODEL. Without npm the registry stays
 * empty and the listing test fails loudly rather than pretending (npm is a build requirement of the models tests).
 */
@QuarkusTest
@TestProfile(ModelsIT.WithRegistry.class)
@WithTestResource(value = DarkroomTestResource.class, scope = TestResourceScope.GLOBAL)
class ModelsIT {
    @org.junit.jupiter.api.BeforeEach
    void signIn() {
        TestAuth.signIn("dit", Role.ARTIST);
    }

    private static final String SLIM = "@upscalerjs/esrgan-slim@1.0.0";

    /** A model registry with esrgan-slim-x2 in it, made before Quarkus starts. */
    public static class WithRegistry implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path dir = Files.createTempDirectory("ingest-it-models");
                if (NpmPack.npmAvailable()) {
                    Path pkg = NpmPack.fetch(SLIM, Path.of(System.getProperty("user.dir"), "target", "npm"));
                    TfjsImporter.importInto(new ModelRegistry(dir), NpmPack.modelDir(pkg, 2), null);
                }
                return Map.of("darkroom.models.dir", dir.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void modelsListsTheImportedModel() {
        org.junit.jupiter.api.Assumptions.assumeTrue(NpmPack.npmAvailable(), "npm is not on the PATH");
        given().when()
                .get("/models")
                .then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("", hasSize(1))
                .body("name", contains("esrgan-slim-x2"))
                .body("[0].version", equalTo("1.0.0"))
                .body("[0].scale", equalTo(2))
                .body("[0].licence", equalTo("MIT"))
                .body("[0].sha256", org.hamcrest.Matchers.matchesPattern("[0-9a-f]{64}"))
                .body("[0].source", startsWith("npm:@upscalerjs/esrgan-slim@1.0.0"));
    }

    @Test
    void anUnknownModelIs422UnknownModel() {
        String body =
                """
                {"name": "up", "pool": "cpu", "sources": [{"root": "media", "path": "%s"}],
                 "recipe": {"outputs": [{"name": "master", "preset": "ffv1-master", "maxWidth": 1920, "maxHeight": 1080}],
                            "ops": [{"op": "reformat", "mode": "crop", "width": 96, "height": 64},
                                    {"op": "upscale", "model": "esrgan-huge-x2", "scale": 2}]},
                 "destination": {"root": "out", "path": "up"}}
                """
                        .formatted(TestMedia.GOPRO);
        given().contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/jobs")
                .then()
                .statusCode(422)
                .body("problem", equalTo("UNKNOWN_MODEL"))
                .body("field", equalTo("recipe.ops[1].model"))
                .body("error", containsString("esrgan-huge-x2"));
    }
}
