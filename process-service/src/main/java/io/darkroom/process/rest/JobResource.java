package io.darkroom.process.rest;

import io.darkroom.process.rest.JobViews.JobListItem;
import io.darkroom.process.rest.JobViews.JobView;
import io.darkroom.process.service.JobQueryService;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;

/** The job read API. */
@Path("/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {
    private final JobQueryService queries;

    public JobResource(JobQueryService queries) {
        this.queries = queries;
    }

    /** Jobs, newest first. */
    @GET
    public List<JobListItem> list(@QueryParam("limit") @DefaultValue("100") int limit) {
        return queries.list(Math.max(1, Math.min(limit, 1000))).stream().map(JobListItem::of).toList();
    }

    /** One job: state, clips with outputs and QC, tasks, promotions, history. */
    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id) {
        UUID jobId;
        try {
            jobId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return ApiError.response(Response.Status.BAD_REQUEST, "malformed job id",
                    "'" + id + "' is not a UUID");
        }
        return queries.find(jobId).map(d -> Response.ok(JobView.of(d)).build())
                .orElseGet(() -> ApiError.response(Response.Status.NOT_FOUND, "no such job", "no job " + jobId));
    }
}
