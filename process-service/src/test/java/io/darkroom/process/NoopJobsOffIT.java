package io.darkroom.process;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.local.test.DarkroomTestResource;
import io.darkroom.security.Role;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: no-op bench jobs are off unless {@code darkroom.bench.noop-jobs} is on (it is not here): an admin's
 * request is answered 404 with the problem body, and nobody else may ask at all (403 naming the role).
 */
@QuarkusTest
@WithTestResource(value = DarkroomTestResource.class, scope = TestResourceScope.GLOBAL)
class NoopJobsOffIT {

    @Test
    void noopJobsAreOffByDefaultAndForAdminsOnly() {
        JsonPath off = given().header("Authorization", ItSupport.bearer("root", Role.ADMIN))
                .contentType("application/json")
                .body("{\"tasks\": 10}")
                .post("/bench/noop-jobs")
                .then()
                .statusCode(404)
                .extract()
                .jsonPath();
        assertThat(off.getString("problem")).isEqualTo("NOT_FOUND");
        assertThat(off.getString("error")).contains("darkroom.bench.noop-jobs=false");

        JsonPath artist = given().header("Authorization", ItSupport.bearer("kim", Role.ARTIST, Role.SUPERVISOR))
                .contentType("application/json")
                .body("{\"tasks\": 10}")
                .post("/bench/noop-jobs")
                .then()
                .statusCode(403)
                .extract()
                .jsonPath();
        assertThat(artist.getString("error")).contains("admin");
    }
}
