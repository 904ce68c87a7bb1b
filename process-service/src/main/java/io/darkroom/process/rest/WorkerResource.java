package io.darkroom.process.rest;

import io.darkroom.contracts.WorkerHeartbeat.Capabilities;
import io.darkroom.process.service.WorkerService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;

/** Workers as their heartbeats describe them; state LOST when heartbeats stopped. */
@Path("/workers")
@Produces(MediaType.APPLICATION_JSON)
public class WorkerResource {
    private final WorkerService workers;

    public WorkerResource(WorkerService workers) {
        this.workers = workers;
    }

    /** One worker. state: UP, DRAINING, STOPPING, GONE (stopped cleanly) or LOST (no heartbeat for 10 s). */
    public record WorkerView(String id, String host, String pool, int slots, int busy, String state,
            Capabilities capabilities, List<String> currentTasks, Instant lastHeartbeat) {
    }

    @GET
    public List<WorkerView> list() {
        return workers.list().stream().map(w -> new WorkerView(w.row().id(), w.row().host(), w.row().pool(),
                w.row().slots(), w.row().busy(), w.status().name(), w.row().capabilities(), w.row().currentTasks(),
                w.row().lastHeartbeat())).toList();
    }
}
