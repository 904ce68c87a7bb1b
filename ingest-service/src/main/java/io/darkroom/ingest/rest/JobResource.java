package io.darkroom.ingest.rest;

import io.darkroom.ingest.domain.JobRequest;
import io.darkroom.ingest.service.JobAccepted;
import io.darkroom.ingest.service.JobSubmissionService;
import io.darkroom.recipe.ApiError;
import io.darkroom.security.Permission;
import io.darkroom.security.http.CurrentIdentity;
import io.darkroom.security.http.Requires;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The write API: submit a job. */
@Path("/jobs")
public class JobResource {
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private final JobSubmissionService service;
    private final CurrentIdentity caller;

    public JobResource(JobSubmissionService service, CurrentIdentity caller) {
        this.service = service;
        this.caller = caller;
    }

    @POST
    @Blocking
    @Requires(value = Permission.JOB_SUBMIT, audit = "submit")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Submit a job",
            description = "Validates the request, probes every source, and answers "
                    + "202 once the job is durably queued. Same Idempotency-Key and same request, same jobId; "
                    + "the same key with another request is refused (409).")
    @Parameter(
            name = IDEMPOTENCY_KEY,
            in = ParameterIn.HEADER,
            description = "Optional, 1 to 200 characters, scoped to the caller; the same key always yields the same"
                    + " jobId, and is refused (409) with a different request",
            schema = @Schema(type = SchemaType.STRING))
    @APIResponse(
            responseCode = "202",
            description = "Accepted; Location points at the job's status",
            content = @Content(schema = @Schema(implementation = JobAccepted.class)))
    @APIResponse(
            responseCode = "400",
            description = "Malformed JSON, a value of the wrong type, or a bad header",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(
            responseCode = "422",
            description = "A rule is broken (see problem and field)",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(
            responseCode = "409",
            description = "The Idempotency-Key was already used for a different request (IDEMPOTENCY_CONFLICT)",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(
            responseCode = "503",
            description = "The job queue did not acknowledge; nothing was accepted",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response submit(JobRequest request, @Context HttpHeaders headers) {
        JobAccepted accepted = service.submit(
                request,
                idempotencyKey(headers),
                caller.require().actor(),
                headers.getHeaderString(HttpHeaders.AUTHORIZATION));
        return Response.accepted(accepted)
                .location(URI.create(accepted.statusUrl()))
                .build();
    }

    /**
     * The Idempotency-Key as sent: null when absent, but an empty value stays empty (and is refused) instead of
     * silently becoming "no key"; a repeated header is joined, so it is refused as well.
     */
    private static String idempotencyKey(HttpHeaders headers) {
        List<String> values = headers.getRequestHeader(IDEMPOTENCY_KEY);
        if (values == null || values.isEmpty()) {
            return null;
        }
        return values.size() == 1 ? values.get(0) : String.join("\n", values);
    }
}
