package io.darkroom.process.rest;

import io.darkroom.contracts.WorkerControl;
import io.darkroom.contracts.WorkerHeartbeat.Capabilities;
import io.darkroom.contracts.WorkerHeartbeat.PoolSlots;
import io.darkroom.process.messaging.SendFailedException;
import io.darkroom.process.service.ControlRefusedException;
import io.darkroom.process.service.WorkerService;
import io.darkroom.recipe.Problem;
import io.darkroom.security.Permission;
import io.darkroom.security.http.Requires;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;

/** Workers as their heartbeats describe them (state LOST when heartbeats stopped), and draining them. */
@Path("/workers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class WorkerResource {
    private final WorkerService workers;

    public WorkerResource(WorkerService workers) {
        this.workers = workers;
    }

    /**
     * One worker. state: UP, DRAINING, STOPPING, GONE (stopped cleanly) or LOST (no heartbeat for
     * darkroom.dispatch.heartbeat-timeout). pool: its own pool; pools: every pool it takes work from, its own first,
     * with the slots it gives each and how many hold that pool's work now.
     */
    public record WorkerView(
            String id,
            String host,
            String pool,
            int slots,
            int busy,
            String state,
            Capabilities capabilities,
            List<String> currentTasks,
            Instant lastHeartbeat,
            List<PoolSlots> pools) {}

    /** The answer to a drain or undrain: the command sent on darkroom.workers.control. */
    public record ControlView(String workerId, String command, String eventId, Instant time) {}

    @GET
    @Requires(Permission.WORKER_READ)
    public List<WorkerView> list() {
        return workers.list().stream()
                .map(w -> new WorkerView(
                        w.row().id(),
                        w.row().host(),
                        w.row().pool(),
                        w.row().slots(),
                        w.row().busy(),
                        w.status().name(),
                        w.row().capabilities(),
                        w.row().currentTasks(),
                        w.row().lastHeartbeat(),
                        w.row().pools()))
                .toList();
    }

    /** The worker finishes what it holds and takes no new task (202: the command is on the control topic). */
    @POST
    @Path("/{id}/drain")
    @Requires(value = Permission.WORKER_CONTROL, audit = "drain")
    public Response drain(@PathParam("id") String id) {
        return command(id, true);
    }

    /** The worker takes work again. */
    @POST
    @Path("/{id}/undrain")
    @Requires(value = Permission.WORKER_CONTROL, audit = "undrain")
    public Response undrain(@PathParam("id") String id) {
        return command(id, false);
    }

    private Response command(String id, boolean drain) {
        try {
            WorkerControl c = workers.drain(id, drain);
            return Response.accepted(new ControlView(id, drain ? "drain" : "undrain", c.eventId(), c.time()))
                    .build();
        } catch (ControlRefusedException e) {
            return ErrorResponses.refused(e);
        } catch (SendFailedException e) {
            return ErrorResponses.response(Problem.QUEUE_UNAVAILABLE, e.getMessage());
        }
    }
}
