package io.darkroom.process.web;

import io.darkroom.process.config.DarkroomConfig;
import io.darkroom.process.domain.ArtifactRow;
import io.darkroom.process.domain.ClipRow;
import io.darkroom.process.domain.OutputResult;
import io.darkroom.process.service.JobQueryService;
import io.darkroom.process.service.JobQueryService.JobDetail;
import io.darkroom.process.web.JobViewModels.ProvenanceLine;
import io.darkroom.provenance.ManifestVerifier;
import io.darkroom.provenance.SourceRoots;
import io.darkroom.provenance.VerificationReport;
import io.darkroom.security.Permission;
import io.darkroom.security.http.PublicEndpoint;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The job's files in the web monitor: its artifacts and outputs (inline with byte ranges, or as downloads) and the
 * provenance page that verifies each output's manifest now. Split from {@link JobPages} (the pages and controls).
 */
@Path("/ui")
@Blocking
public class JobFiles {
    private static final Logger LOG = Logger.getLogger(JobFiles.class);
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    private final Viewer viewer;
    private final JobQueryService jobs;
    private final DarkroomConfig config;
    private final Template provenance;

    public JobFiles(
            Viewer viewer,
            JobQueryService jobs,
            DarkroomConfig config,
            @Location("web/provenance.html") Template provenance) {
        this.viewer = viewer;
        this.jobs = jobs;
        this.config = config;
        this.provenance = provenance;
    }

    /** The provenance manifests of the job's outputs, each verified now (signature, hashes, sources). */
    @PublicEndpoint
    @GET
    @Path("/jobs/{id}/provenance")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance provenance(@PathParam("id") String id) {
        viewer.require(Permission.JOB_READ);
        JobDetail d = detail(id);
        Map<UUID, String> names = JobPages.clipNames(d);
        Map<String, java.nio.file.Path> roots = new HashMap<>();
        config.storage().roots().forEach((k, v) -> roots.put(k, java.nio.file.Path.of(v)));
        Optional<java.nio.file.Path> key = config.provenance()
                .keyDir()
                .map(java.nio.file.Path::of)
                .or(() -> Optional.ofNullable(roots.get("work")).map(w -> w.resolve("provenance-key")));
        List<ProvenanceLine> lines = new ArrayList<>();
        for (ArtifactRow a : d.artifacts()) {
            if (!ArtifactRow.PROVENANCE.equals(a.kind())) {
                continue;
            }
            String manifest = a.path();
            String suffix = ".provenance.json";
            java.nio.file.Path output = java.nio.file.Path.of(
                    manifest.endsWith(suffix) ? manifest.substring(0, manifest.length() - suffix.length()) : manifest);
            VerificationReport r = ManifestVerifier.verify(output, key, new SourceRoots(roots));
            var m = r.manifest();
            lines.add(new ProvenanceLine(
                    names.getOrDefault(a.clipId(), ""),
                    output.getFileName().toString(),
                    r.ok(),
                    m == null || m.output() == null ? "" : m.output().sha256(),
                    keyIdOf(key),
                    m == null || m.model() == null
                            ? ""
                            : m.model().name() + " " + m.model().version(),
                    m != null && m.aiTouched(),
                    m == null || m.submittedBy() == null ? "" : m.submittedBy().name(),
                    m == null || m.approvedBy() == null ? "" : m.approvedBy().name(),
                    r.findings().stream()
                            .filter(f -> f.status() != VerificationReport.Status.OK)
                            .map(f -> f.check() + ": " + f.message())
                            .toList()));
            LOG.debugf("job %s: provenance of %s verified: %s", d.job().id(), output.getFileName(), r.ok());
        }
        return provenance.data("lines", lines);
    }

    private static String keyIdOf(Optional<java.nio.file.Path> key) {
        return key.map(k -> k.getFileName().toString()).orElse("");
    }

    /** A file made for the job (poster, contact sheet, ALE, manifest, preview) by its position in the job's list. */
    @PublicEndpoint
    @GET
    @Path("/jobs/{id}/artifacts/{n}")
    public Response artifact(@PathParam("id") String id, @PathParam("n") String n, @HeaderParam("Range") String range) {
        viewer.require(Permission.JOB_READ);
        JobDetail d = detail(id);
        int i;
        try {
            i = Integer.parseInt(n);
        } catch (NumberFormatException e) {
            throw WebError.notFound("no file " + n + " in job " + id);
        }
        if (i < 0 || i >= d.artifacts().size()) {
            throw WebError.notFound("no file " + n + " in job " + id);
        }
        return file(java.nio.file.Path.of(d.artifacts().get(i).path()), range, false);
    }

    /** An output of a clip: inline (for the page's video player) or as a download with ?download=1. */
    @PublicEndpoint
    @GET
    @Path("/jobs/{id}/clips/{clip}/outputs/{name}")
    public Response output(
            @PathParam("id") String id,
            @PathParam("clip") String clipId,
            @PathParam("name") String name,
            @QueryParam("download") String download,
            @HeaderParam("Range") String range) {
        viewer.require(Permission.JOB_READ);
        JobDetail d = detail(id);
        ClipRow clip = d.clips().stream()
                .filter(c -> c.id().toString().equals(clipId))
                .findFirst()
                .orElseThrow(() -> WebError.notFound("no clip " + clipId + " in job " + id));
        OutputResult r = clip.outputs().get(name);
        if (r == null || r.path() == null) {
            throw WebError.notFound("clip " + clip.clipName() + " has no output '" + name + "' (yet)");
        }
        return file(java.nio.file.Path.of(r.path()), range, download != null);
    }

    static Response file(java.nio.file.Path file, String range, boolean attachment) {
        if (!Files.isRegularFile(file)) {
            throw WebError.notFound("the file " + file.getFileName() + " is not there (moved or deleted)");
        }
        String type = contentType(file.getFileName().toString());
        try {
            long size = Files.size(file);
            Response.ResponseBuilder b;
            if (range != null) {
                Matcher m = RANGE.matcher(range.trim());
                long start;
                long end;
                if (!m.matches() || m.group(1).isEmpty() && m.group(2).isEmpty()) {
                    return Response.status(416)
                            .header("Content-Range", "bytes */" + size)
                            .build();
                }
                if (m.group(1).isEmpty()) {
                    start = Math.max(0, size - Long.parseLong(m.group(2)));
                    end = size - 1;
                } else {
                    start = Long.parseLong(m.group(1));
                    end = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
                }
                if (start >= size || start > end) {
                    return Response.status(416)
                            .header("Content-Range", "bytes */" + size)
                            .build();
                }
                end = Math.min(end, start + 8L * 1024 * 1024 - 1);
                byte[] part = new byte[(int) (end - start + 1)];
                try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
                    raf.seek(start);
                    raf.readFully(part);
                }
                b = Response.status(206)
                        .entity(part)
                        .header("Content-Range", "bytes " + start + "-" + end + "/" + size);
            } else {
                b = Response.ok(file.toFile());
            }
            b.type(type).header("Accept-Ranges", "bytes");
            String disposition = (attachment ? "attachment" : "inline") + "; filename=\""
                    + file.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_") + "\"";
            return b.header("Content-Disposition", disposition).build();
        } catch (IOException e) {
            throw WebError.notFound("the file " + file.getFileName() + " cannot be read: " + e.getMessage());
        }
    }

    private static String contentType(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".png")) {
            return "image/png";
        }
        if (n.endsWith(".jpg") || n.endsWith(".jpeg")) {
            return "image/jpeg";
        }
        if (n.endsWith(".mp4")) {
            return "video/mp4";
        }
        if (n.endsWith(".mov")) {
            return "video/quicktime";
        }
        if (n.endsWith(".mxf")) {
            return "application/mxf";
        }
        if (n.endsWith(".json")) {
            return "application/json";
        }
        if (n.endsWith(".ale") || n.endsWith(".txt")) {
            return "text/plain; charset=UTF-8";
        }
        return "application/octet-stream";
    }

    private JobDetail detail(String id) {
        return jobs.find(JobPages.jobId(id)).orElseThrow(() -> WebError.notFound("no job " + id));
    }
}
