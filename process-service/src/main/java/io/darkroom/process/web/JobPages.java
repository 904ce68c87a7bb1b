package io.darkroom.process.web;

import io.darkroom.contracts.JobState;
import io.darkroom.contracts.Preset;
import io.darkroom.contracts.RenderTask.RenderOutput;
import io.darkroom.contracts.RenderTask.TaskKind;
import io.darkroom.media.qc.QcReport;
import io.darkroom.process.config.DarkroomConfig;
import io.darkroom.process.domain.ArtifactRow;
import io.darkroom.process.domain.ClipRow;
import io.darkroom.process.domain.HistoryRow;
import io.darkroom.process.domain.JobRow;
import io.darkroom.process.domain.OutputResult;
import io.darkroom.process.domain.TaskRow;
import io.darkroom.process.domain.TaskState;
import io.darkroom.process.persistence.Database;
import io.darkroom.process.persistence.JobRepository;
import io.darkroom.process.service.ControlRefusedException;
import io.darkroom.process.service.JobQueryService;
import io.darkroom.process.service.JobQueryService.JobDetail;
import io.darkroom.process.web.JobViewModels.ArtifactLine;
import io.darkroom.process.web.JobViewModels.ClipCard;
import io.darkroom.process.web.JobViewModels.Controls;
import io.darkroom.process.web.JobViewModels.Filter;
import io.darkroom.process.web.JobViewModels.HistoryLine;
import io.darkroom.process.web.JobViewModels.JobHead;
import io.darkroom.process.web.JobViewModels.JobLine;
import io.darkroom.process.web.JobViewModels.OutputLine;
import io.darkroom.process.web.JobViewModels.Pager;
import io.darkroom.process.web.JobViewModels.QcLine;
import io.darkroom.process.web.JobViewModels.TaskCell;
import io.darkroom.process.web.MonitorQueries.JobFilter;
import io.darkroom.process.web.MonitorQueries.JobListRow;
import io.darkroom.security.Permission;
import io.darkroom.security.http.PublicEndpoint;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** The Jobs and Job pages and their live fragments (the controls: {@link JobControlsPage}). */
@Path("/ui")
@Blocking
public class JobPages {
    private final Viewer viewer;
    private final MonitorQueries queries;
    private final JobQueryService jobs;
    private final LiveUpdates live;
    private final DarkroomConfig config;
    private final Database db;
    private final JobRepository jobRepo;
    private final Template jobsPage;
    private final Template jobRows;
    private final Template jobPage;
    private final Template jobLive;

    public JobPages(
            Viewer viewer,
            MonitorQueries queries,
            JobQueryService jobs,
            LiveUpdates live,
            DarkroomConfig config,
            Database db,
            JobRepository jobRepo,
            @Location("web/jobs.html") Template jobsPage,
            @Location("web/job-rows.html") Template jobRows,
            @Location("web/job.html") Template jobPage,
            @Location("web/job-live.html") Template jobLive) {
        this.viewer = viewer;
        this.queries = queries;
        this.jobs = jobs;
        this.live = live;
        this.config = config;
        this.db = db;
        this.jobRepo = jobRepo;
        this.jobsPage = jobsPage;
        this.jobRows = jobRows;
        this.jobPage = jobPage;
        this.jobLive = jobLive;
    }

    @PublicEndpoint
    @GET
    public Response home() {
        return Response.seeOther(URI.create("/ui/jobs")).build();
    }

    @PublicEndpoint
    @GET
    @Path("/jobs")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance jobs(
            @QueryParam("state") String state,
            @QueryParam("submitter") String submitter,
            @QueryParam("q") String q,
            @QueryParam("page") @DefaultValue("1") String page) {
        WebUser me = viewer.require(Permission.JOB_READ);
        return list(jobsPage, state, submitter, q, page)
                .data("me", me)
                .data("csrf", viewer.csrf())
                .data("nav", Nav.of(me));
    }

    /** The job list's rows and pager alone: what the page fetches again on a change. */
    @PublicEndpoint
    @GET
    @Path("/jobs/rows")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance rows(
            @QueryParam("state") String state,
            @QueryParam("submitter") String submitter,
            @QueryParam("q") String q,
            @QueryParam("page") @DefaultValue("1") String page) {
        viewer.require(Permission.JOB_READ);
        return list(jobRows, state, submitter, q, page);
    }

    /** Server-sent events: "jobs" or "workers" when something those pages show changed. */
    @PublicEndpoint
    @GET
    @Path("/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.TEXT_PLAIN)
    public Multi<String> events() {
        viewer.require(Permission.JOB_READ);
        return live.stream();
    }

    private TemplateInstance list(Template t, String state, String submitter, String q, String page) {
        JobState st = null;
        if (state != null && !state.isBlank()) {
            try {
                st = JobState.valueOf(state.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw WebError.badRequest(
                        "unknown state '" + state + "'; one of " + Arrays.toString(JobState.values()));
            }
        }
        int p;
        try {
            p = Integer.parseInt(page.trim());
        } catch (NumberFormatException e) {
            throw WebError.badRequest("page must be a number, was '" + page + "'");
        }
        String sub = blankToNull(submitter);
        String text = blankToNull(q);
        MonitorQueries.JobPage result = queries.jobs(new JobFilter(st, sub, text), p);
        Instant now = Instant.now();
        List<JobLine> lines = result.rows().stream().map(r -> line(r, now)).toList();
        String query = query(st == null ? null : st.name(), sub, text);
        Pager pager = new Pager(
                result.page(),
                result.pages(),
                result.total(),
                result.page() > 1 ? "/ui/jobs?" + query + "page=" + (result.page() - 1) : null,
                result.page() < result.pages() ? "/ui/jobs?" + query + "page=" + (result.page() + 1) : null,
                "/ui/jobs?" + query + "page=1",
                "/ui/jobs?" + query + "page=" + result.pages());
        Filter filter = new Filter(
                st == null ? "" : st.name(),
                sub == null ? "" : sub,
                text == null ? "" : text,
                Arrays.stream(JobState.values()).map(Enum::name).toList(),
                query + "page=" + result.page());
        return t.data("jobs", lines).data("pager", pager).data("filter", filter);
    }

    private static String query(String state, String submitter, String q) {
        StringBuilder b = new StringBuilder();
        if (state != null) {
            b.append("state=").append(enc(state)).append('&');
        }
        if (submitter != null) {
            b.append("submitter=").append(enc(submitter)).append('&');
        }
        if (q != null) {
            b.append("q=").append(enc(q)).append('&');
        }
        return b.toString();
    }

    private static JobLine line(JobListRow r, Instant now) {
        double percent = percent(r.state(), r.frames(), r.framesDone());
        String eta = "";
        if (r.state() == JobState.RUNNING && r.firstStarted() != null && percent > 0 && percent < 100) {
            long elapsed = Duration.between(r.firstStarted(), now).getSeconds();
            // rounded up: a job still running is never "0 s" from its end
            eta = Format.duration(
                    Duration.ofSeconds((long) Math.ceil(Math.max(1, elapsed) * (100 - percent) / percent)));
        }
        boolean awaiting = r.state() == JobState.AWAITING_APPROVAL;
        return new JobLine(
                r.id().toString(),
                r.name(),
                r.state().name(),
                Format.stateClass(r.state().name()),
                r.submittedBy() == null ? "" : r.submittedBy(),
                percent,
                Format.decimal(percent, 1) + " %",
                r.tasksDone(),
                r.tasks(),
                r.clips(),
                r.priority(),
                r.pool(),
                Format.between(r.submittedAt(), now),
                eta,
                awaiting,
                r.approval());
    }

    static double percent(JobState state, long frames, long framesDone) {
        if (state == JobState.ASSEMBLING || state == JobState.SUCCEEDED || state == JobState.PARTIAL) {
            return 100.0;
        }
        return frames <= 0 ? 0.0 : Math.round(1000.0 * framesDone / frames) / 10.0;
    }

    // ---- one job ----

    @PublicEndpoint
    @GET
    @Path("/jobs/{id}")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance job(@PathParam("id") String id) {
        WebUser me = viewer.require(Permission.JOB_READ);
        JobDetail d = detail(id);
        return live(jobPage, d, me)
                .data("me", me)
                .data("csrf", viewer.csrf())
                .data("nav", Nav.of(me))
                .data("clips", clips(d))
                .data("artifacts", artifacts(d))
                .data("controls", controls(d.job(), me));
    }

    /** The parts of the job page that change while it runs: head, task grid, history. */
    @PublicEndpoint
    @GET
    @Path("/jobs/{id}/live")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance jobLive(@PathParam("id") String id) {
        WebUser me = viewer.require(Permission.JOB_READ);
        return live(jobLive, detail(id), me);
    }

    private TemplateInstance live(Template t, JobDetail d, WebUser me) {
        JobRow j = d.job();
        Instant now = Instant.now();
        Map<UUID, String> names = clipNames(d);
        long frames = 0;
        long framesDone = 0;
        long done = 0;
        for (TaskRow task : d.tasks()) {
            done += task.state() == TaskState.DONE ? 1 : 0;
            if (task.kind() == TaskKind.VIDEO_SEGMENT) {
                frames += task.expectedFrames();
                framesDone += task.state() == TaskState.DONE
                        ? task.expectedFrames()
                        : Math.min(task.progressFrames(), task.expectedFrames());
            }
        }
        double percent = percent(j.state(), frames, framesDone);
        String approval = d.approval() == null ? null : d.approval().status().name();
        JobHead head = new JobHead(
                j.id().toString(),
                j.name(),
                j.state().name(),
                Format.stateClass(j.state().name()),
                j.reason(),
                j.priority(),
                j.pool(),
                nullToEmpty(j.submittedBy()),
                Format.time(j.submittedAt()),
                Format.time(j.updatedAt()),
                percent,
                Format.decimal(percent, 1) + " %",
                done,
                d.tasks().size(),
                approval,
                j.state() == JobState.AWAITING_APPROVAL,
                Format.between(j.submittedAt(), now));
        List<TaskCell> tasks = d.tasks().stream()
                .map(task -> new TaskCell(
                        names.getOrDefault(task.clipId(), ""),
                        task.kind() == TaskKind.AUDIO ? "audio" : "video",
                        task.segmentIndex(),
                        task.state().name(),
                        Format.stateClass(task.state().name()),
                        nullToEmpty(task.workerId()),
                        task.attempt(),
                        task.startedAt() == null
                                ? ""
                                : Format.between(task.startedAt(), task.finishedAt() == null ? now : task.finishedAt()),
                        task.kind() == TaskKind.AUDIO
                                ? ""
                                : Math.min(task.progressFrames(), task.expectedFrames()) + " / "
                                        + task.expectedFrames(),
                        nullToEmpty(task.reason())))
                .toList();
        List<HistoryLine> history =
                d.history().stream().map(JobPages::historyLine).toList();
        return t.data("job", head).data("tasks", tasks).data("history", history);
    }

    private static HistoryLine historyLine(HistoryRow h) {
        return new HistoryLine(
                Format.time(h.at()), h.from() == null ? "" : h.from().name(), h.to().name(), nullToEmpty(h.reason()));
    }

    static Map<UUID, String> clipNames(JobDetail d) {
        Map<UUID, String> names = new HashMap<>();
        d.clips().forEach(c -> names.put(c.id(), c.clipName()));
        return names;
    }

    private List<ClipCard> clips(JobDetail d) {
        String jobId = d.job().id().toString();
        Map<UUID, Integer> posters = new HashMap<>();
        for (int i = 0; i < d.artifacts().size(); i++) {
            ArtifactRow a = d.artifacts().get(i);
            if (ArtifactRow.POSTER.equals(a.kind()) && a.clipId() != null) {
                posters.putIfAbsent(a.clipId(), i);
            }
        }
        List<ClipCard> cards = new ArrayList<>();
        for (ClipRow c : d.clips()) {
            List<OutputLine> outputs = new ArrayList<>();
            for (RenderOutput o : c.renderOutputs()) {
                OutputResult r = c.outputs().get(o.name());
                java.nio.file.Path file = r == null || r.path() == null ? null : java.nio.file.Path.of(r.path());
                boolean ready = file != null && Files.isRegularFile(file);
                String size = "";
                if (ready) {
                    try {
                        size = Format.bytes(Files.size(file));
                    } catch (IOException e) {
                        ready = false;
                    }
                }
                boolean playable = ready
                        && Preset.byId(o.preset())
                                .map(p -> p == Preset.H264_REVIEW)
                                .orElse(false);
                outputs.add(new OutputLine(
                        o.name(),
                        o.preset(),
                        o.width(),
                        o.height(),
                        ready,
                        file == null ? "" : file.getFileName().toString(),
                        "/ui/jobs/" + jobId + "/clips/" + c.id() + "/outputs/" + enc(o.name()),
                        playable,
                        size,
                        r == null || r.qc() == null ? null : qc(r.qc())));
            }
            Integer poster = posters.get(c.id());
            cards.add(new ClipCard(
                    c.id().toString(),
                    c.index(),
                    c.clipName(),
                    c.state().name(),
                    Format.stateClass(c.state().name()),
                    nullToEmpty(c.reason()),
                    c.media().frameCount(),
                    poster == null ? null : "/ui/jobs/" + jobId + "/artifacts/" + poster,
                    c.source().root() + ":" + c.source().path(),
                    outputs));
        }
        return cards;
    }

    private static QcLine qc(QcReport q) {
        return new QcLine(
                q.passed(),
                q.problems() == null ? List.of() : q.problems(),
                q.frames(),
                Format.decimal(q.durationUs() / 1_000_000.0, 2) + " s",
                nullToEmpty(q.codec()),
                q.width(),
                q.height(),
                q.audioStreams(),
                q.audioChannels(),
                nullToEmpty(q.timecode()),
                q.psnr() == null ? "" : Format.decimal(q.psnr(), 2),
                q.ssim() == null ? "" : Format.decimal(q.ssim(), 4));
    }

    private static List<ArtifactLine> artifacts(JobDetail d) {
        Map<UUID, String> names = clipNames(d);
        List<ArtifactLine> lines = new ArrayList<>();
        for (int i = 0; i < d.artifacts().size(); i++) {
            ArtifactRow a = d.artifacts().get(i);
            lines.add(new ArtifactLine(
                    a.kind(),
                    a.clipId() == null ? "" : names.getOrDefault(a.clipId(), ""),
                    java.nio.file.Path.of(a.path()).getFileName().toString(),
                    "/ui/jobs/" + d.job().id() + "/artifacts/" + i));
        }
        return lines;
    }

    private Controls controls(JobRow j, WebUser me) {
        boolean own = me.may(Permission.JOB_CONTROL_ANY)
                || me.may(Permission.JOB_CONTROL_OWN)
                        && db.read(c -> jobRepo.submitter(c, j.id()))
                                .map(a -> a.sameAs(me.actor()))
                                .orElse(false);
        JobState s = j.state();
        boolean cancel = own && !s.terminal();
        boolean pause = own && (s == JobState.PLANNED || s == JobState.RUNNING);
        boolean resume = own && s == JobState.PAUSED;
        boolean retry = own && (s == JobState.FAILED || s == JobState.PARTIAL);
        boolean priority = me.may(Permission.JOB_PRIORITY) && !s.terminal();
        return new Controls(cancel, pause, resume, retry, priority, cancel || pause || resume || retry || priority);
    }

    static void refusedAsPage(Runnable r) {
        try {
            r.run();
        } catch (ControlRefusedException e) {
            throw switch (e.kind()) {
                case NOT_FOUND -> WebError.notFound(e.getMessage());
                case CONFLICT -> new WebError(409, "Not allowed in this state", e.getMessage());
                case INVALID -> new WebError(422, "Invalid value", e.getMessage());
                case NOT_ACCEPTED -> new WebError(422, "Not accepted", e.getMessage());
                case UNKNOWN_FIELD -> new WebError(422, "Unknown field", e.getMessage());
                case FORBIDDEN -> WebError.forbidden(e.getMessage());
            };
        }
    }

    JobDetail detail(String id) {
        UUID jobId = jobId(id);
        return jobs.find(jobId).orElseThrow(() -> WebError.notFound("no job " + id));
    }

    static UUID jobId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw WebError.notFound("no job '" + id + "' (a job id is a UUID)");
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
