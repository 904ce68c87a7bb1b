package io.darkroom.process.web;

import io.darkroom.contracts.WorkerHeartbeat;
import io.darkroom.process.messaging.SendFailedException;
import io.darkroom.process.service.WorkerService;
import io.darkroom.security.Permission;
import io.darkroom.security.http.PublicEndpoint;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/** The Workers page: pools, each worker's slots, state, current tasks, GPU, heartbeat; drain/undrain for ops. */
@Path("/ui/workers")
@Blocking
public class WorkersPage {
    private static final Logger LOG = Logger.getLogger(WorkersPage.class);

    private final Viewer viewer;
    private final WorkerService workers;
    private final Template page;
    private final Template rows;

    public WorkersPage(
            Viewer viewer,
            WorkerService workers,
            @Location("web/workers.html") Template page,
            @Location("web/worker-rows.html") Template rows) {
        this.viewer = viewer;
        this.workers = workers;
        this.page = page;
        this.rows = rows;
    }

    @TemplateData
    record WorkerLine(
            String id,
            String host,
            String pool,
            String pools,
            int slots,
            int busy,
            String state,
            String stateClass,
            List<String> tasks,
            String gpu,
            String heartbeat,
            String heartbeatAge,
            boolean drainable,
            boolean undrainable) {}

    @TemplateData
    record PoolLine(String pool, int workers, int up, int slots, int busy) {}

    @PublicEndpoint
    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance show() {
        WebUser me = viewer.require(Permission.WORKER_READ);
        return fill(page, me).data("me", me).data("csrf", viewer.csrf()).data("nav", Nav.of(me));
    }

    @PublicEndpoint
    @GET
    @Path("/rows")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance live() {
        WebUser me = viewer.require(Permission.WORKER_READ);
        return fill(rows, me).data("csrf", viewer.csrf());
    }

    private TemplateInstance fill(Template t, WebUser me) {
        Instant now = Instant.now();
        boolean ops = me.may(Permission.WORKER_CONTROL);
        List<WorkerService.Worker> all = workers.list();
        List<WorkerLine> lines = all.stream()
                .map(w -> {
                    var r = w.row();
                    String state = w.status().name();
                    return new WorkerLine(
                            r.id(),
                            JobPages.nullToEmpty(r.host()),
                            r.pool(),
                            r.pools() == null
                                    ? ""
                                    : r.pools().stream()
                                            .map(p -> p.pool() + " " + p.busy() + "/" + p.slots())
                                            .collect(Collectors.joining(", ")),
                            r.slots(),
                            r.busy(),
                            state,
                            Format.stateClass(state),
                            r.currentTasks() == null ? List.of() : r.currentTasks(),
                            gpu(r.capabilities()),
                            Format.time(r.lastHeartbeat()),
                            Format.between(r.lastHeartbeat(), now),
                            ops && "UP".equals(state),
                            ops && "DRAINING".equals(state));
                })
                .toList();
        Map<String, int[]> pools = new TreeMap<>();
        for (WorkerService.Worker w : all) {
            int[] c = pools.computeIfAbsent(w.row().pool(), k -> new int[4]);
            c[0]++;
            boolean up = "UP".equals(w.status().name());
            c[1] += up ? 1 : 0;
            c[2] += up ? w.row().slots() : 0;
            c[3] += up ? w.row().busy() : 0;
        }
        List<PoolLine> poolLines = pools.entrySet().stream()
                .map(e -> new PoolLine(e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2], e.getValue()[3]))
                .toList();
        return t.data("workers", lines).data("pools", poolLines);
    }

    private static String gpu(WorkerHeartbeat.Capabilities c) {
        if (c == null) {
            return "";
        }
        if (c.gpus() != null && !c.gpus().isEmpty()) {
            return c.gpus().stream()
                    .map(g -> g.model() + (g.memoryMiB() == null ? "" : " (" + g.memoryMiB() + " MiB)"))
                    .collect(Collectors.joining(", "));
        }
        return c.gpu() == null ? "none" : c.gpu();
    }

    @PublicEndpoint(audit = "drain")
    @POST
    @Path("/{id}/drain")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response drain(@PathParam("id") String id, @FormParam("csrf") String csrf) {
        return command(id, csrf, true);
    }

    @PublicEndpoint(audit = "undrain")
    @POST
    @Path("/{id}/undrain")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response undrain(@PathParam("id") String id, @FormParam("csrf") String csrf) {
        return command(id, csrf, false);
    }

    private Response command(String id, String csrf, boolean drain) {
        viewer.checkForm(csrf);
        WebUser me = viewer.require(Permission.WORKER_CONTROL);
        try {
            JobPages.refusedAsPage(() -> workers.drain(id, drain));
        } catch (SendFailedException e) {
            throw new WebError(
                    503,
                    "Broker unavailable",
                    "the " + (drain ? "drain" : "undrain") + " command could not be sent: " + e.getMessage());
        }
        LOG.infof("worker %s: %s by %s in the web monitor", id, drain ? "drain" : "undrain", me.subject());
        return Response.seeOther(URI.create("/ui/workers")).build();
    }
}
