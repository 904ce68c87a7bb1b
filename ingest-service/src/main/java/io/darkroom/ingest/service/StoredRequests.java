package io.darkroom.ingest.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.darkroom.contracts.Json;
import io.darkroom.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Asks process-service (the only keeper of jobs) which request a job id was stored for: {@code GET
 * <process-url>/jobs/{id}/request} with the caller's own Authorization header, so process-service answers only what
 * that caller may see (its own job). Ingest keeps no state; this is how it answers a reused Idempotency-Key with
 * another body 409 before publishing anything.
 */
@ApplicationScoped
public class StoredRequests {
    private static final Logger LOG = Logger.getLogger(StoredRequests.class);

    /** What process-service knows of a job id. */
    public sealed interface Stored {}

    /** No such job (yet): nothing was stored under this key. */
    public record Absent() implements Stored {}

    /** The job exists; {@code requestSha256} is null for a job stored without one (from before it existed). */
    public record Found(String requestSha256) implements Stored {}

    /** process-service could not tell (unreachable, slow, refused): the submission goes on, the consumer decides. */
    public record Unknown(String why) implements Stored {}

    private final String processUrl;
    private final Duration timeout;
    private final HttpClient http;

    public StoredRequests(IngestConfig config) {
        this.processUrl = config.processUrl().replaceAll("/+$", "");
        this.timeout = config.processCheckTimeout();
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** What process-service has stored for {@code jobId}, asked as the caller ({@code authorization} as sent). */
    public Stored find(String jobId, String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return new Unknown("no caller token to ask process-service with");
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(processUrl + "/jobs/" + jobId + "/request"))
                .timeout(timeout)
                .header("Authorization", authorization)
                .header("Accept", "application/json")
                .GET()
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                return new Absent();
            }
            if (response.statusCode() != 200) {
                return unknown(jobId, "process-service answered " + response.statusCode());
            }
            JsonNode body = Json.mapper().readTree(response.body());
            JsonNode hash = body.path("requestSha256");
            if (!jobId.equals(body.path("jobId").asText())) {
                return unknown(jobId, "process-service answered for another job");
            }
            return new Found(hash.isTextual() ? hash.asText() : null);
        } catch (IOException | IllegalArgumentException e) {
            return unknown(jobId, "process-service not reachable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unknown(jobId, "interrupted while asking process-service");
        }
    }

    private static Unknown unknown(String jobId, String why) {
        LOG.warnf(
                "job %s: cannot check its Idempotency-Key against process-service (%s); accepting, the consumer keeps"
                        + " the first request under the key",
                jobId, why);
        return new Unknown(why);
    }
}
