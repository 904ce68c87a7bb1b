package io.darkroom.ingest.testing;

import io.darkroom.local.test.DarkroomTestResource;
import io.darkroom.security.Role;
import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.config.HeaderConfig;

/** The default caller of an ingest IT: every request carries a token of the test run's key. */
public final class TestAuth {
    private TestAuth() {}

    /** Every request of the calling test class carries a token of {@code subject} with {@code role}. */
    public static void signIn(String subject, Role role) {
        // a test's own Authorization header (another caller) replaces this default one, never joins it
        RestAssured.config = RestAssured.config()
                .headerConfig(HeaderConfig.headerConfig().overwriteHeadersWithName("Authorization"));
        RestAssured.requestSpecification = new RequestSpecBuilder()
                .addHeader("Authorization", "Bearer " + DarkroomTestResource.token(subject, role))
                .build();
    }
}
