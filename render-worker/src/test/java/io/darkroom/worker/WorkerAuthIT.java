package io.darkroom.worker;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.local.test.DarkroomTestResource;
import io.darkroom.security.Role;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The render-worker's HTTP side: probes open, everything else (metrics, API description) needs ops. */
@QuarkusTest
@WithTestResource(value = DarkroomTestResource.class, scope = TestResourceScope.GLOBAL)
class WorkerAuthIT {

    private static String as(Role... roles) {
        return "Bearer " + DarkroomTestResource.token("someone", roles);
    }

    @Test
    void probesAreOpenEverythingElseNeedsOps() {
        assertThat(given().get("/q/health/live").statusCode()).isEqualTo(200);
        for (String path : List.of("/q/metrics", "/q/openapi", "/anything")) {
            Response anon = given().get(path);
            assertThat(anon.statusCode()).as(path).isEqualTo(401);
            assertThat(given().header("Authorization", "Bearer not.a.token")
                            .get(path)
                            .statusCode())
                    .as(path)
                    .isEqualTo(401);
            for (Role r : List.of(Role.ARTIST, Role.SUPERVISOR)) {
                Response refused = given().header("Authorization", as(r)).get(path);
                assertThat(refused.statusCode()).as(path + " as " + r).isEqualTo(403);
                assertThat(refused.contentType()).as(path).startsWith("application/json");
                assertThat(refused.jsonPath().getList("allowed", String.class))
                        .as("the 403 names the role needed at " + path)
                        .containsExactlyElementsOf(
                                path.equals("/q/metrics") ? List.of("ops", "admin") : List.of("ops"));
            }
        }
        assertThat(given().header("Authorization", as(Role.OPS))
                        .get("/q/metrics")
                        .statusCode())
                .isEqualTo(200);
        assertThat(given().header("Authorization", as(Role.OPS))
                        .get("/q/openapi")
                        .statusCode())
                .isEqualTo(200);
    }
}
