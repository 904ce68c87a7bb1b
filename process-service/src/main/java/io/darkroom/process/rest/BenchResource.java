package io.darkroom.process.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.darkroom.contracts.Topics;
import io.darkroom.process.config.DarkroomConfig;
import io.darkroom.process.service.NoopJobs;
import io.darkroom.recipe.Problem;
import io.darkroom.security.Permission;
import io.darkroom.security.http.CurrentIdentity;
import io.darkroom.security.http.Requires;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Bench and test jobs over HTTP, for admins: {@code POST /bench/noop-jobs} makes a job of no-op tasks
 * ({@link NoopJobs}) that bench/dispatch times through the real dispatch path. 404 unless
 * {@code darkroom.bench.noop-jobs} is on, so a site that never turned it on has no such endpoint.
 */
@Path("/bench")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class BenchResource {
    private final NoopJobs noop;
    private final CurrentIdentity who;
    private final List<String> pools;

    public BenchResource(NoopJobs noop, CurrentIdentity who, DarkroomConfig config) {
        this.noop = noop;
        this.who = who;
        this.pools = config.dispatch().pools();
    }

    /**
     * {@code {"tasks": N, "pool"?: "cpu"}}: 201 {@code {"jobId", "tasks", "pool"}} with the job PLANNED; 404 when
     * no-op jobs are off; 422 naming a bad field (tasks: 1 to darkroom.budgets.tasks-per-job; pool: one of
     * darkroom.dispatch.pools).
     */
    @POST
    @Path("/noop-jobs")
    @Requires(value = Permission.BENCH_RUN, audit = "bench.noop-job")
    public Response createNoopJob(String body) {
        if (!noop.enabled()) {
            return ErrorResponses.response(
                    Problem.NOT_FOUND, "no-op bench jobs are off here (darkroom.bench.noop-jobs=false)");
        }
        JsonBody read = JsonBody.of(body, "tasks", "pool");
        if (read.refusal() != null) {
            return read.refusal();
        }
        JsonNode b = read.json();
        if (b == null || !b.isObject() || !b.path("tasks").isIntegralNumber()) {
            return ErrorResponses.response(Problem.MISSING, "tasks: body must be {\"tasks\": N, \"pool\"?: \"cpu\"}");
        }
        long n = b.path("tasks").asLong();
        var problem = noop.problem(n);
        if (problem.isPresent()) {
            return ErrorResponses.response(Problem.INVALID_VALUE, problem.get());
        }
        String pool = b.path("pool").isMissingNode()
                ? Topics.DEFAULT_POOL
                : b.path("pool").asText("");
        if (!pools.contains(pool)) {
            return ErrorResponses.response(
                    Problem.INVALID_VALUE,
                    "pool must be one of darkroom.dispatch.pools " + pools + ", was '" + pool + "'");
        }
        UUID jobId = noop.create((int) n, pool, who.require().actor());
        return Response.created(URI.create("/jobs/" + jobId))
                .entity(Map.of("jobId", jobId.toString(), "tasks", n, "pool", pool))
                .build();
    }
}
