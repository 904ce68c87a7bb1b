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
    void submissionsAndRefusedSubmissionsLeaveAuditRowsOnTheAuditTopic() throws Exception {
        java.util.Properties ap = new java.util.Properties();
        ap.put("bootstrap.servers", DarkroomTestResource.bootstrapServers());
        try (var admin = org.apache.kafka.clients.admin.Admin.create(ap)) {
            try {
                admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(
                                io.darkroom.contracts.Topics.AUDIT, 1, (short) 1)))
                        .all()
                        .get();
            } catch (java.util.concurrent.ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(org.apache.kafka.common.errors.TopicExistsException.class);
            }
        }
        String who = "auditee-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String refusedId = given().header("Authorization", as(who, Role.OPS))
                .contentType(ContentType.JSON)
                .body("{}")
                .post("/jobs")
                .then()
                .statusCode(403)
                .extract()
                .header("X-Request-Id");
        String rejectedId = given().header("Authorization", as(who, Role.ARTIST))
                .contentType(ContentType.JSON)
                .body("{}")
                .post("/jobs")
                .then()
                .statusCode(422)
                .extract()
                .header("X-Request-Id");
        assertThat(refusedId).isNotBlank().isNotEqualTo(rejectedId);

        java.util.Properties cp = new java.util.Properties();
        cp.put("bootstrap.servers", DarkroomTestResource.bootstrapServers());
        cp.put("group.id", "it-audit-" + who);
        cp.put("auto.offset.reset", "earliest");
        cp.put("key.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class.getName());
        cp.put("value.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class.getName());
        java.util.Map<String, com.fasterxml.jackson.databind.JsonNode> rows = new java.util.HashMap<>();
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(cp)) {
            consumer.subscribe(List.of(io.darkroom.contracts.Topics.AUDIT));
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> {
                        for (var r : consumer.poll(java.time.Duration.ofMillis(500))) {
                            rows.put(
                                    r.key(), io.darkroom.contracts.Json.mapper().readTree(r.value()));
                        }
                        return rows.containsKey(refusedId) && rows.containsKey(rejectedId);
                    });
        }
        var refused = rows.get(refusedId);
        assertThat(refused.path("action").asText()).isEqualTo("submit");
        assertThat(refused.path("status").asInt()).isEqualTo(403);
        assertThat(refused.path("outcome").asText()).isEqualTo("refused");
        assertThat(refused.path("actor").path("subject").asText()).isEqualTo(who);
        assertThat(refused.path("service").asText()).isEqualTo("darkroom-ingest-service");
        assertThat(refused.path("detail").asText()).contains("artist or supervisor");
        assertThat(rows.get(rejectedId).path("outcome").asText()).isEqualTo("rejected");
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
        assertThat(anon.jsonPath().getString("problem")).isEqualTo("UNAUTHORIZED");
        assertThat(anon.jsonPath().getString("error")).contains("./darkroom login");
        // the body is not read before the caller is known: a misspelt field or broken JSON is 401 too, not 422/400
        for (String body : List.of("{\"nmae\": \"x\"}", "{\"name\": ")) {
            assertThat(given().contentType(ContentType.JSON)
                            .body(body)
                            .post("/jobs")
                            .statusCode())
                    .as(body)
                    .isEqualTo(401);
        }
        assertThat(given().header("Authorization", "Bearer x.y.z").get("/roots").statusCode())
                .isEqualTo(401);

        // submit: artist or supervisor; ops and admin are refused naming the roles
        for (Role r : List.of(Role.OPS, Role.ADMIN)) {
            Response refused = given().header("Authorization", as("x", r))
                    .contentType(ContentType.JSON)
                    .body("{}")
                    .post("/jobs");
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.jsonPath().getString("problem")).isEqualTo("FORBIDDEN");
            assertThat(refused.jsonPath().getString("error")).contains("artist or supervisor");
            assertThat(refused.jsonPath().getList("allowed", String.class)).containsExactly("artist", "supervisor");
        }
        // the artist passes the role check (422: the empty body is then refused as a request)
        assertThat(given().header("Authorization", as("ana", Role.ARTIST))
                        .contentType(ContentType.JSON)
                        .body("{}")
                        .post("/jobs")
                        .statusCode())
                .isEqualTo(422);
        // catalog: every role
        for (Role r : Role.values()) {
            assertThat(given().header("Authorization", as("x", r))
                            .get("/presets")
                            .statusCode())
                    .isEqualTo(200);
        }
        // watch folders: not for artists
        Response watch = given().header("Authorization", as("ana", Role.ARTIST)).get("/watch");
        assertThat(watch.statusCode()).isEqualTo(403);
        assertThat(watch.jsonPath().getString("error")).contains("supervisor, ops or admin");
        assertThat(given().header("Authorization", as("oli", Role.OPS))
                        .get("/watch")
                        .statusCode())
                .isEqualTo(200);
        // metrics: ops or admin
        assertThat(given().header("Authorization", as("ana", Role.ARTIST))
                        .get("/q/metrics")
                        .statusCode())
                .isEqualTo(403);
        assertThat(given().header("Authorization", as("oli", Role.OPS))
                        .get("/q/metrics")
                        .statusCode())
                .isEqualTo(200);
    }
}
