package io.darkroom.process.web;

import io.darkroom.process.rest.JobOwnership;
import io.darkroom.process.service.JobControlService;
import io.darkroom.security.Permission;
import io.darkroom.security.http.PublicEndpoint;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The job page's controls (cancel, pause, resume, retry, priority): forms with the session's CSRF token, the same
 * permissions and ownership rule as the API's, answered with a redirect to the job page or an error page.
 */
@Path("/ui")
@Blocking
public class JobControlsPage {
    private static final Logger LOG = Logger.getLogger(JobControlsPage.class);

    private final Viewer viewer;
    private final JobControlService control;
    private final JobOwnership ownership;

    public JobControlsPage(Viewer viewer, JobControlService control, JobOwnership ownership) {
        this.viewer = viewer;
        this.control = control;
        this.ownership = ownership;
    }

    @PublicEndpoint(audit = "cancel")
    @POST
    @Path("/jobs/{id}/cancel")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response cancel(@PathParam("id") String id, @FormParam("csrf") String csrf, @FormParam("note") String note) {
        return controlled(
                id, csrf, (me, jobId) -> control.cancel(jobId, me.name(), JobPages.blankToNull(note)), "cancel");
    }

    @PublicEndpoint(audit = "pause")
    @POST
    @Path("/jobs/{id}/pause")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response pause(@PathParam("id") String id, @FormParam("csrf") String csrf) {
        return controlled(id, csrf, (me, jobId) -> control.pause(jobId, me.name()), "pause");
    }

    @PublicEndpoint(audit = "resume")
    @POST
    @Path("/jobs/{id}/resume")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response resume(@PathParam("id") String id, @FormParam("csrf") String csrf) {
        return controlled(id, csrf, (me, jobId) -> control.resume(jobId, me.name()), "resume");
    }

    @PublicEndpoint(audit = "retry")
    @POST
    @Path("/jobs/{id}/retry")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response retry(
            @PathParam("id") String id, @FormParam("csrf") String csrf, @FormParam("failedOnly") String failedOnly) {
        return controlled(id, csrf, (me, jobId) -> control.retry(jobId, failedOnly != null, me.name()), "retry");
    }

    @PublicEndpoint(audit = "priority")
    @POST
    @Path("/jobs/{id}/priority")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response priority(
            @PathParam("id") String id, @FormParam("csrf") String csrf, @FormParam("priority") String priority) {
        WebUser me = viewer.checkForm(csrf);
        viewer.require(Permission.JOB_PRIORITY);
        UUID jobId = JobPages.jobId(id);
        int p;
        try {
            p = Integer.parseInt(priority == null ? "" : priority.trim());
        } catch (NumberFormatException e) {
            throw new WebError(
                    422,
                    "Invalid priority",
                    "priority must be a whole number in "
                            + JobControlService.MIN_PRIORITY + ".." + JobControlService.MAX_PRIORITY + ", was '"
                            + priority
                            + "'");
        }
        JobPages.refusedAsPage(() -> control.priority(jobId, p));
        LOG.infof("job %s: priority %d set by %s in the web monitor", jobId, p, me.subject());
        return Response.seeOther(URI.create("/ui/jobs/" + jobId)).build();
    }

    @FunctionalInterface
    private interface JobControl {
        void run(WebUser me, UUID jobId);
    }

    private Response controlled(String id, String csrf, JobControl action, String what) {
        viewer.checkForm(csrf);
        WebUser me = viewer.require(Permission.JOB_CONTROL_OWN);
        UUID jobId = JobPages.jobId(id);
        JobPages.refusedAsPage(() -> {
            ownership.check(jobId, me.identity(), what);
            action.run(me, jobId);
        });
        LOG.infof("job %s: %s by %s in the web monitor", jobId, what, me.subject());
        return Response.seeOther(URI.create("/ui/jobs/" + jobId)).build();
    }
}
