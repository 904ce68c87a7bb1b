package io.darkroom.process.rest;

import io.darkroom.process.auth.AuditLog;
import io.darkroom.recipe.Problem;
import io.darkroom.security.Permission;
import io.darkroom.security.http.Requires;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/** {@code GET /audit?job=&since=&actor=&limit=}: the audit trail, oldest first (supervisor, admin). */
@Path("/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {
    private final AuditLog audit;

    public AuditResource(AuditLog audit) {
        this.audit = audit;
    }

    @GET
    @Requires(Permission.AUDIT_READ)
    public Response find(
            @QueryParam("job") String job,
            @QueryParam("since") String since,
            @QueryParam("actor") String actor,
            @QueryParam("limit") @DefaultValue("500") int limit) {
        UUID jobId = null;
        Instant from = null;
        if (job != null && !job.isBlank()) {
            try {
                jobId = UUID.fromString(job);
            } catch (IllegalArgumentException e) {
                return ErrorResponses.response(Problem.MALFORMED_ID, "'" + job + "' is not a UUID");
            }
        }
        if (since != null && !since.isBlank()) {
            try {
                from = Instant.parse(since);
            } catch (DateTimeParseException e) {
                return ErrorResponses.response(
                        Problem.WRONG_TYPE, "'" + since + "' is not an ISO-8601 instant (2026-01-31T12:00:00Z)");
            }
        }
        return Response.ok(audit.find(
                        jobId,
                        from,
                        actor == null || actor.isBlank() ? null : actor,
                        Math.max(1, Math.min(limit, 5000))))
                .build();
    }
}
