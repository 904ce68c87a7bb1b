package io.darkroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.darkroom.contracts.Json;
import io.darkroom.local.DarkroomClient;
import io.darkroom.local.LocalAuth;
import io.darkroom.local.Stack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 13 item 9 on the live stack: an Idempotency-Key stands for one request of one caller. Ingest asks
 * process-service (with the caller's own token) which request the key's job was stored for: the same request again
 * (however it is formatted) gets the same job id, another request under the key is refused 409 before anything is
 * published, and another caller's same key is that caller's own job.
 */
@ExtendWith(StackExtension.class)
class IdempotencyIT {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    static Stack stack;
    static String artist;
    static String supervisor;

    @BeforeAll
    static void setUp(Stack s) {
        stack = s;
        artist = token(LocalAuth.DemoUser.ARTIST);
        supervisor = token(LocalAuth.DemoUser.SUPERVISOR);
    }

    private static String token(LocalAuth.DemoUser user) {
        return new DarkroomClient(stack.ingestUrl(), stack.processUrl())
                .login(user.username(), user.password())
                .token();
    }

    private static final String REQUEST =
            """
            {"name": "idempotent %s", "priority": 40, "pool": "cpu",
             "sources": [{"root": "media", "path": "timecode/gopro_max_h264_tmcd_gpmf.mp4"}],
             "recipe": {"outputs": [{"name": "review", "preset": "h264-review", "maxWidth": 320, "maxHeight": 180}]},
             "destination": {"root": "out", "path": "idempotency/%s"}}
            """;

    /** The same request with its keys in another order, on one line. */
    private static final String SAME_REQUEST_REFORMATTED =
            "{\"destination\":{\"path\":\"idempotency/%2$s\",\"root\":\"out\"},\"recipe\":{\"outputs\":[{\"maxHeight\":180,"
                    + "\"maxWidth\":320,\"preset\":\"h264-review\",\"name\":\"review\"}]},\"pool\":\"cpu\",\"priority\":40,"
                    + "\"sources\":[{\"path\":\"timecode/gopro_max_h264_tmcd_gpmf.mp4\",\"root\":\"media\"}],"
                    + "\"name\":\"idempotent %1$s\"}";

    @Test
    void aKeyStandsForOneRequestOfOneCaller() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String key = "idem-" + run;
        String request = REQUEST.formatted(run, run);

        HttpResponse<String> first = post(artist, key, request);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        String jobId = Json.mapper().readTree(first.body()).path("jobId").asText();
        // process-service stores it from the topic; from then on ingest sees it under the key
        await("job " + jobId + " stored")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> get(artist, "/jobs/" + jobId).statusCode() == 200);

        HttpResponse<String> again = post(artist, key, SAME_REQUEST_REFORMATTED.formatted(run, run));
        assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
        assertThat(Json.mapper().readTree(again.body()).path("jobId").asText()).isEqualTo(jobId);

        String other = request.replace("\"priority\": 40", "\"priority\": 41");
        HttpResponse<String> conflict = post(artist, key, other);
        assertThat(conflict.statusCode()).as(conflict.body()).isEqualTo(409);
        assertThat(conflict.headers().firstValue("content-type").orElse("")).startsWith("application/json");
        JsonNode problem = Json.mapper().readTree(conflict.body());
        assertThat(problem.path("problem").asText()).isEqualTo("IDEMPOTENCY_CONFLICT");
        assertThat(problem.path("field").asText()).isEqualTo("Idempotency-Key");
        assertThat(problem.path("error").asText())
                .contains("already used for a different request")
                .contains(jobId);
        assertThat(conflict.body()).doesNotContain("Exception");

        // another caller's same key is that caller's own job, whatever the first caller sent under it
        HttpResponse<String> theirs = post(supervisor, key, other);
        assertThat(theirs.statusCode()).as(theirs.body()).isEqualTo(202);
        String theirJob = Json.mapper().readTree(theirs.body()).path("jobId").asText();
        assertThat(theirJob).isNotEqualTo(jobId);
        await("job " + theirJob + " stored")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> get(supervisor, "/jobs/" + theirJob).statusCode() == 200);
        assertThat(Json.mapper()
                        .readTree(get(supervisor, "/jobs/" + theirJob).body())
                        .path("priority")
                        .asInt())
                .isEqualTo(41);

        // the first caller's job is still the first request
        assertThat(Json.mapper()
                        .readTree(get(artist, "/jobs/" + jobId).body())
                        .path("priority")
                        .asInt())
                .isEqualTo(40);
    }

    private static HttpResponse<String> post(String token, String key, String body)
            throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(stack.ingestUrl() + "/jobs"))
                        .timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + token)
                        .header("Idempotency-Key", key)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String token, String path) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(stack.processUrl() + path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + token)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
