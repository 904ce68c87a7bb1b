package io.darkroom.process.web;

import io.darkroom.contracts.JobState;
import io.darkroom.process.domain.Approval;
import io.darkroom.process.service.ApprovalService;
import io.darkroom.process.service.JobQueryService.JobDetail;
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
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.jboss.logging.Logger;

/**
 * The approval page of an AI job: the preview frames side by side (the sheet process-service made: source | lanczos3
 * | model) and as a wipe between any two of them at 1:1 or 2:1, the evaluation numbers, and the decision, recorded
 * under the signed-in person.
 */
@Path("/ui/jobs/{id}/approval")
@Blocking
public class ApprovalPage {
    private static final Logger LOG = Logger.getLogger(ApprovalPage.class);
    /** The caption strip under the preview sheet's panels (PreviewSheet.CAPTION_HEIGHT). */
    static final int CAPTION_HEIGHT = 56;

    static final List<String> PANELS = List.of("source", "lanczos", "model");

    private final Viewer viewer;
    private final JobPages jobs;
    private final ApprovalService approvals;
    private final Template page;

    public ApprovalPage(
            Viewer viewer, JobPages jobs, ApprovalService approvals, @Location("web/approval.html") Template page) {
        this.viewer = viewer;
        this.jobs = jobs;
        this.approvals = approvals;
        this.page = page;
    }

    @TemplateData
    record ScoreLine(String method, String psnr, String ssim, String seconds) {}

    @TemplateData
    record PreviewLine(
            int n,
            String clip,
            int index,
            long frame,
            String sheetUrl,
            String sourceUrl,
            String lanczosUrl,
            String modelUrl,
            int panelWidth,
            int panelHeight,
            List<ScoreLine> scores) {}

    @TemplateData
    record EvaluationLine(String clip, int frames, int width, int height, int scale, List<ScoreLine> scores) {}

    @TemplateData
    record Gate(
            String jobId,
            String jobName,
            String jobState,
            String status,
            String model,
            int scale,
            boolean ready,
            boolean decided,
            String method,
            String decidedBy,
            String note,
            String decidedAt,
            String error) {}

    @PublicEndpoint
    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance show(@PathParam("id") String id) {
        WebUser me = viewer.require(Permission.JOB_READ);
        JobDetail d = jobs.detail(id);
        Approval a = d.approval();
        if (a == null) {
            throw WebError.notFound("job " + id + " has no approval gate (its recipe does not ask for one)");
        }
        String base = "/ui/jobs/" + d.job().id() + "/approval/previews/";
        List<PreviewLine> previews = new ArrayList<>();
        for (int n = 0; n < a.previews().size(); n++) {
            Approval.PreviewImage p = a.previews().get(n);
            previews.add(new PreviewLine(
                    n,
                    p.clip(),
                    p.index(),
                    p.frame(),
                    base + n,
                    base + n + "/source",
                    base + n + "/lanczos",
                    base + n + "/model",
                    p.width() / 3,
                    p.height() - CAPTION_HEIGHT,
                    scores(p.scores())));
        }
        List<EvaluationLine> evaluation = a.evaluation().stream()
                .map(e ->
                        new EvaluationLine(e.clip(), e.frames(), e.width(), e.height(), e.scale(), scores(e.scores())))
                .toList();
        Gate gate = new Gate(
                d.job().id().toString(),
                d.job().name(),
                d.job().state().name(),
                a.status().name(),
                a.model(),
                a.scale(),
                a.status() == Approval.Status.READY && d.job().state() == JobState.AWAITING_APPROVAL,
                a.decided(),
                a.method() == null ? "" : a.method().wire(),
                JobPages.nullToEmpty(a.decidedBy()),
                JobPages.nullToEmpty(a.note()),
                Format.time(a.decidedAt()),
                JobPages.nullToEmpty(a.error()));
        return page.data("gate", gate)
                .data("previews", previews)
                .data("evaluation", evaluation)
                .data("canDecide", me.may(Permission.JOB_APPROVE))
                .data("me", me)
                .data("csrf", viewer.csrf())
                .data("nav", Nav.of(me));
    }

    private static List<ScoreLine> scores(List<Approval.Score> scores) {
        return scores.stream()
                .map(s -> new ScoreLine(
                        s.method(),
                        Format.decimal(s.psnr(), 2),
                        Format.decimal(s.ssim(), 4),
                        Format.decimal(s.seconds(), 2)))
                .toList();
    }

    /** The whole preview sheet (three panels with labels and the caption). */
    @PublicEndpoint
    @GET
    @Path("/previews/{n}")
    public Response sheet(@PathParam("id") String id, @PathParam("n") String n) {
        viewer.require(Permission.JOB_READ);
        return JobFiles.file(java.nio.file.Path.of(preview(id, n).path()), null, false);
    }

    /** One panel of a preview sheet (source, lanczos or model) at its full size, for the wipe. */
    @PublicEndpoint
    @GET
    @Path("/previews/{n}/{panel}")
    @Produces("image/png")
    public Response panel(@PathParam("id") String id, @PathParam("n") String n, @PathParam("panel") String panel) {
        viewer.require(Permission.JOB_READ);
        int i = PANELS.indexOf(panel.toLowerCase(Locale.ROOT));
        if (i < 0) {
            throw WebError.notFound("no panel '" + panel + "'; one of " + PANELS);
        }
        Approval.PreviewImage p = preview(id, n);
        java.nio.file.Path file = java.nio.file.Path.of(p.path());
        try {
            if (!Files.isRegularFile(file)) {
                throw WebError.notFound("the preview image " + file.getFileName() + " is not there");
            }
            BufferedImage sheet = ImageIO.read(file.toFile());
            int pw = sheet.getWidth() / 3;
            int ph = sheet.getHeight() - CAPTION_HEIGHT;
            BufferedImage crop = sheet.getSubimage(i * pw, 0, pw, ph);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(crop, "png", out);
            return Response.ok(out.toByteArray(), "image/png")
                    .header("Cache-Control", "private, max-age=3600")
                    .build();
        } catch (IOException e) {
            throw WebError.notFound("the preview image " + file.getFileName() + " cannot be read");
        }
    }

    private Approval.PreviewImage preview(String id, String n) {
        JobDetail d = jobs.detail(id);
        if (d.approval() == null) {
            throw WebError.notFound("job " + id + " has no approval gate");
        }
        try {
            return d.approval().previews().get(Integer.parseInt(n));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            throw WebError.notFound("no preview " + n + " in job " + id);
        }
    }

    /** Approves with the model or lanczos (the button's method), under the signed-in person. */
    @PublicEndpoint(audit = "approve")
    @POST
    @Path("/approve")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response approve(
            @PathParam("id") String id,
            @FormParam("csrf") String csrf,
            @FormParam("method") String method,
            @FormParam("note") String note) {
        viewer.checkForm(csrf);
        WebUser me = viewer.require(Permission.JOB_APPROVE);
        var jobId = JobPages.jobId(id);
        Approval.Method m = Approval.Method.parse(method);
        if (m == null) {
            throw new WebError(422, "Invalid decision", "method must be model or lanczos, was '" + method + "'");
        }
        JobPages.refusedAsPage(() -> approvals.approve(jobId, me.actor(), m, note));
        LOG.infof("job %s: approved (%s) by %s in the web monitor", jobId, m.wire(), me.subject());
        return Response.seeOther(URI.create("/ui/jobs/" + jobId + "/approval")).build();
    }

    /** Rejects (a note is required), under the signed-in person. */
    @PublicEndpoint(audit = "reject")
    @POST
    @Path("/reject")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response reject(@PathParam("id") String id, @FormParam("csrf") String csrf, @FormParam("note") String note) {
        viewer.checkForm(csrf);
        WebUser me = viewer.require(Permission.JOB_APPROVE);
        var jobId = JobPages.jobId(id);
        JobPages.refusedAsPage(() -> approvals.reject(jobId, me.actor(), note));
        LOG.infof("job %s: rejected by %s in the web monitor", jobId, me.subject());
        return Response.seeOther(URI.create("/ui/jobs/" + jobId + "/approval")).build();
    }
}
