package io.darkroom.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.local.test.DarkroomTestResource;
import io.darkroom.security.Role;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ingest-service's endpoints: no token 401, wrong role 403 naming the role, right role 2xx; probes open. */
@QuarkusTest
@WithTestResource(value = DarkroomTestResource.class, scope = TestResourceScope.GLOBAL)
class IngestAuthIT {

    @BeforeEach
    void noDefaultToken() {
        RestAssured.requestSpecification = null;
    }

    private static String as(String subject, Role... roles) {
        return "Bearer " + DarkroomTestResource.token(subject, roles);
    }

    @Test
    void everyEndpointNeedsATokenAndTheRightRole() {
        assertThat(given().get("/q/health/live").statusCode()).isEqualTo(200);
        for (String path : List.of("/models", "/presets", "/roots", "/watch")) {
            Response r = given().get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(401);
            assertThat(r.contentType()).as(path).startsWith("application/json");
        }
        Response anon = given().contentType(ContentType.JSON).body("{}").post("/jobs");
        assertThat(anon.statusCode()).isEqualTo(401);
        assertThat(anon.jsonPath().getString("detail")).contains("./darkroom login");
        assertThat(given().header("Authorization", "Bearer x.y.z").get("/roots").statusCode()).isEqualTo(401);

        // submit: artist or supervisor; ops and admin are refused naming the roles
        for (Role r : List.of(Role.OPS, Role.ADMIN)) {
            Response refused = given().header("Authorization", as("x", r)).contentType(ContentType.JSON).body("{}")
                    .post("/jobs");
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.jsonPath().getString("detail")).contains("artist or supervisor");
            assertThat(refused.jsonPath().getList("requiredRoles", String.class))
                    .containsExactly("artist", "supervisor");
        }
        // the artist passes the role check (422: the empty body is then refused as a request)
        assertThat(given().header("Authorization", as("ana", Role.ARTIST)).contentType(ContentType.JSON).body("{}")
                .post("/jobs").statusCode()).isEqualTo(422);
        // catalog: every role
        for (Role r : Role.values()) {
            assertThat(given().header("Authorization", as("x", r)).get("/presets").statusCode()).isEqualTo(200);
        }
        // watch folders: not for artists
        Response watch = given().header("Authorization", as("ana", Role.ARTIST)).get("/watch");
        assertThat(watch.statusCode()).isEqualTo(403);
        assertThat(watch.jsonPath().getString("detail")).contains("supervisor, ops or admin");
        assertThat(given().header("Authorization", as("oli", Role.OPS)).get("/watch").statusCode()).isEqualTo(200);
        // metrics: ops or admin
        assertThat(given().header("Authorization", as("ana", Role.ARTIST)).get("/q/metrics").statusCode())
                .isEqualTo(403);
        assertThat(given().header("Authorization", as("oli", Role.OPS)).get("/q/metrics").statusCode())
                .isEqualTo(200);
    }
}
