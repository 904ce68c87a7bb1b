package io.darkroom.ingest.rest;

import io.darkroom.ingest.service.WatchService;
import io.darkroom.ingest.service.WatchStatus;
import io.darkroom.security.Permission;
import io.darkroom.security.http.Requires;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The watch folders and what they did. */
@Path("/watch")
@Produces(MediaType.APPLICATION_JSON)
public class WatchResource {
    private final WatchService watch;

    public WatchResource(WatchService watch) {
        this.watch = watch;
    }

    @GET
    @Requires(Permission.WORKER_READ)
    @Operation(summary = "Watch folders with counts (pending, submitted, rejected) and the latest submissions")
    public List<WatchStatus> list() {
        return watch.statuses();
    }
}
