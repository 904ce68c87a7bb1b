package io.darkroom.process.service;

import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.Preset;
import io.darkroom.contracts.RenderTask.RenderOutput;
import io.darkroom.contracts.SourceRef;
import io.darkroom.media.StorageRoots;
import io.darkroom.process.config.DarkroomConfig;
import io.darkroom.process.domain.AleWriter;
import io.darkroom.process.domain.ArtifactRow;
import io.darkroom.process.domain.ClipRow;
import io.darkroom.process.domain.ClipState;
import io.darkroom.process.domain.JobRow;
import io.darkroom.process.domain.OutputNaming;
import io.darkroom.process.domain.OutputResult;
import io.darkroom.process.persistence.ArtifactRepository;
import io.darkroom.process.persistence.ClipRepository;
import io.darkroom.process.persistence.Database;
import io.darkroom.process.persistence.JobRepository;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.awt.AWTError;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.jboss.logging.Logger;

/**
 * Finishes a job whose clips all ended with at least one DONE: a poster frame per DONE clip (JPEG, from its first
 * h264-review output, else its first output, at {@code darkroom.output.poster-at} of its duration), a contact sheet
 * (the posters tiled with their clip names, Java2D, JPEG) and an Avid ALE listing every DONE clip, all in the job's
 * destination folder, never overwriting (-1, -2, ...). Then the job gets its outcome (SUCCEEDED or PARTIAL). A file
 * that cannot be made is left out and named in the job's reason; it never fails the job. Runs on its own thread;
 * jobs left ASSEMBLING with every clip ended (a restart) are picked up every {@code darkroom.assembly.resume-interval}.
 */
@ApplicationScoped
public class JobArtifactsService {
    private static final Logger LOG = Logger.getLogger(JobArtifactsService.class);
    private static final long LOCK_SALT = 0x5DA7_A11F_AC75L;

    private final Database db;
    private final JobRepository jobs;
    private final ClipRepository clips;
    private final ArtifactRepository artifacts;
    private final JobLifecycle lifecycle;
    private final Effects effects;
    private final StorageRoots storage;
    private final DarkroomConfig.Output settings;
    private final JobWorker worker;

    /** Posters grabbed while the job rendered; null in a finishing built by hand (tests): each is made here. */
    @jakarta.inject.Inject
    PosterFrames posters;

    public JobArtifactsService(
            Database db,
            JobRepository jobs,
            ClipRepository clips,
            ArtifactRepository artifacts,
            JobLifecycle lifecycle,
            Effects effects,
            DarkroomConfig config) {
        this.db = db;
        this.jobs = jobs;
        this.clips = clips;
        this.artifacts = artifacts;
        this.lifecycle = lifecycle;
        this.effects = effects;
        this.storage =
                StorageRoots.of(config.storage().roots(), config.storage().modes());
        this.settings = config.output();
        this.worker = new JobWorker(
                "finish (artifacts, outcome)", "darkroom-artifacts", LOCK_SALT, db, LOG, this::run, this::giveUp);
    }

    /** Queues a job for its artifacts and outcome unless it is already queued here. */
    public void submit(UUID jobId) {
        worker.submit(jobId);
    }

    @Scheduled(
            every = "${darkroom.assembly.resume-interval:30s}",
            delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void resume() {
        worker.resume(() -> db.read(artifacts::jobsToFinish));
    }

    void run(UUID jobId) {
        JobRow job = db.read(c -> jobs.find(c, jobId)).orElse(null);
        if (job == null || job.state() != io.darkroom.contracts.JobState.ASSEMBLING) {
            return;
        }
        List<ClipRow> all = db.read(c -> clips.byJob(c, jobId));
        if (all.stream().anyMatch(cl -> !cl.state().terminal())) {
            return;
        }
        List<ClipRow> done =
                all.stream().filter(cl -> cl.state() == ClipState.DONE).toList();
        List<ArtifactRow> made = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (settings.artifacts() && !done.isEmpty()) {
            make(job, done, made, problems);
        }
        manifests(job, done, made, problems);
        String note = problems.isEmpty() ? null : "artifacts incomplete: " + String.join("; ", problems);
        AfterCommit after = new AfterCommit();
        db.tx(c -> {
            JobRow locked = jobs.lock(c, jobId).orElseThrow();
            artifacts.replace(c, jobId, made);
            lifecycle.conclude(c, locked, note, after);
            return null;
        });
        effects.run(after);
        if (posters != null) {
            posters.forget(jobId);
        }
        LOG.infof("job %s: %d artifact(s) made%s", jobId, made.size(), note == null ? "" : " (" + note + ")");
    }

    /**
     * Ends a job whose finishing failed {@link JobWorker#MAX_ATTEMPTS} times: its outcome as its clips decide, no
     * artifacts, the cause in its reason.
     */
    void giveUp(UUID jobId, Throwable cause) {
        String note = "artifacts not made: finishing failed " + JobWorker.MAX_ATTEMPTS + " times: "
                + JobWorker.describe(cause);
        AfterCommit after = new AfterCommit();
        boolean ended = db.tx(c -> {
            JobRow locked = jobs.lock(c, jobId).orElse(null);
            if (locked == null) {
                return false;
            }
            artifacts.replace(c, jobId, List.of());
            return lifecycle.conclude(c, locked, note, after);
        });
        effects.run(after);
        if (ended) {
            LOG.errorf("job %s: ended without artifacts (%s)", jobId, note);
        }
    }

    private void make(JobRow job, List<ClipRow> done, List<ArtifactRow> made, List<String> problems) {
        SourceRef dest = job.destination();
        Map<ClipRow, Path> posters = new LinkedHashMap<>();
        for (ClipRow clip : done) {
            try {
                Path poster = poster(job, clip, dest);
                posters.put(clip, poster);
                made.add(new ArtifactRow(ArtifactRow.POSTER, clip.id(), poster.toString()));
            } catch (RuntimeException e) {
                LOG.errorf("job %s clip %s: no poster frame: %s", job.id(), clip.clipName(), e.getMessage());
                problems.add("poster of " + clip.clipName() + " not made: " + e.getMessage());
            }
        }
        if (!posters.isEmpty()) {
            try {
                Path sheet = free(dest, job.name() + "_contact_sheet", "jpg");
                writeContactSheet(job, posters, sheet);
                made.add(new ArtifactRow(ArtifactRow.CONTACT_SHEET, null, sheet.toString()));
                LOG.infof("job %s: contact sheet %s", job.id(), sheet);
            } catch (RuntimeException | IOException | LinkageError | AWTError | InternalError e) {
                // LinkageError, AWTError: this Java cannot draw text or images (its font libraries are missing);
                // InternalError: its font manager cannot start (a host without fontconfig or any font)
                LOG.errorf(e, "job %s: no contact sheet: %s", job.id(), JobWorker.describe(e));
                problems.add("contact sheet not made: " + JobWorker.describe(e));
            }
        }
        try {
            Path ale = free(dest, job.name(), "ale");
            Files.writeString(
                    ale,
                    AleWriter.write(
                            done.stream().map(JobArtifactsService::aleClip).toList()),
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE_NEW);
            made.add(new ArtifactRow(ArtifactRow.ALE, null, ale.toString()));
            LOG.infof("job %s: ALE %s (%d clips)", job.id(), ale, done.size());
        } catch (RuntimeException | IOException e) {
            LOG.errorf("job %s: no ALE: %s", job.id(), e.getMessage());
            problems.add("ALE not made: " + e.getMessage());
        }
    }

    /**
     * Lists the provenance manifest beside every output of the DONE clips (written by assembly); a missing one is
     * named among the problems (the job's reason), never failing the job.
     */
    static void manifests(JobRow job, List<ClipRow> done, List<ArtifactRow> made, List<String> problems) {
        for (ClipRow clip : done) {
            for (RenderOutput o : clip.renderOutputs()) {
                OutputResult r = clip.outputs().get(o.name());
                if (r == null || r.path() == null) {
                    continue;
                }
                Path manifest = ProvenanceService.manifestPath(Path.of(r.path()));
                if (Files.isRegularFile(manifest)) {
                    made.add(new ArtifactRow(ArtifactRow.PROVENANCE, clip.id(), manifest.toString()));
                } else {
                    LOG.errorf("job %s clip %s: no provenance manifest for %s", job.id(), clip.clipName(), r.path());
                    problems.add("provenance manifest of " + Path.of(r.path()).getFileName() + " missing");
                }
            }
        }
    }

    /** A free path {@code <base>.<ext>} (then -1, -2, ...) in the destination folder. */
    private Path free(SourceRef dest, String base, String ext) {
        String name = OutputNaming.firstFreeArtifact(base, ext, n -> Files.exists(storage.resolve(inFolder(dest, n))));
        return storage.resolveForWrite(inFolder(dest, name));
    }

    /**
     * Moves the poster grabbed ahead for the clip's review output into place, or grabs it now (one frame at poster-at of
     * its duration, as JPEG).
     */
    private Path poster(JobRow job, ClipRow clip, SourceRef dest) {
        Path from = posterSource(clip).orElseThrow(() -> new IllegalStateException("no output file to take it from"));
        double seconds = PosterFrames.seconds(clip.media(), settings.posterAt());
        Path target = free(dest, clip.clipName() + "_poster", "jpg");
        boolean ahead = posters != null && posters.take(from, seconds, target);
        if (!ahead) {
            PosterFrames.grab(from, seconds, target);
        }
        LOG.infof(
                "job %s clip %s: poster frame %s (%.2f s into %s%s)",
                job.id(), clip.clipName(), target, seconds, from.getFileName(), ahead ? ", grabbed ahead" : "");
        return target;
    }

    /** The clip's first h264-review output, else its first output, that exists on disk. */
    static Optional<Path> posterSource(ClipRow clip) {
        for (RenderOutput o : PosterFrames.sources(clip.renderOutputs())) {
            OutputResult r = clip.outputs().get(o.name());
            if (r != null && r.path() != null && Files.isRegularFile(Path.of(r.path()))) {
                return Optional.of(Path.of(r.path()));
            }
        }
        return Optional.empty();
    }

    /** The posters in rows of {@code contact-sheet-columns}, each with its clip name (and start timecode) below. */
    protected void writeContactSheet(JobRow job, Map<ClipRow, Path> posters, Path target) throws IOException {
        int thumbW = Math.max(64, settings.contactSheetThumbWidth());
        int thumbH = thumbW * 9 / 16;
        int cols = Math.max(1, Math.min(settings.contactSheetColumns(), posters.size()));
        int rows = (posters.size() + cols - 1) / cols;
        int pad = 12;
        int label = 36;
        int header = 40;
        int width = pad + cols * (thumbW + pad);
        int height = header + rows * (thumbH + label + pad) + pad;
        BufferedImage sheet = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(new Color(24, 24, 24));
            g.fillRect(0, 0, width, height);
            g.setColor(Color.WHITE);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            g.drawString(
                    TextFit.fit(
                            g,
                            job.name() + (job.date() == null ? "" : "  " + job.date()) + "  (" + posters.size()
                                    + " clips)",
                            width - 2 * pad),
                    pad,
                    26);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            int i = 0;
            for (Map.Entry<ClipRow, Path> e : posters.entrySet()) {
                int x = pad + (i % cols) * (thumbW + pad);
                int y = header + (i / cols) * (thumbH + label + pad);
                g.setColor(Color.BLACK);
                g.fillRect(x, y, thumbW, thumbH);
                BufferedImage img = ImageIO.read(e.getValue().toFile());
                if (img != null) {
                    double scale = Math.min((double) thumbW / img.getWidth(), (double) thumbH / img.getHeight());
                    int w = Math.max(1, (int) Math.round(img.getWidth() * scale));
                    int h = Math.max(1, (int) Math.round(img.getHeight() * scale));
                    g.drawImage(img, x + (thumbW - w) / 2, y + (thumbH - h) / 2, w, h, null);
                }
                g.setColor(Color.WHITE);
                ClipRow clip = e.getKey();
                g.drawString(TextFit.fit(g, clip.clipName(), thumbW), x, y + thumbH + 15);
                g.setColor(Color.LIGHT_GRAY);
                String tc = clip.media().timecode() == null ? "" : clip.media().timecode() + "  ";
                g.drawString(
                        TextFit.fit(
                                g,
                                tc + clip.media().displayWidth() + "x"
                                        + clip.media().displayHeight() + "  "
                                        + AleWriter.fps(
                                                clip.media().fpsNum(),
                                                clip.media().fpsDen()) + " fps",
                                thumbW),
                        x,
                        y + thumbH + 31);
                i++;
            }
        } finally {
            g.dispose();
        }
        Path part = target.resolveSibling(target.getFileName() + ".part");
        if (!ImageIO.write(sheet, "jpg", part.toFile())) {
            throw new IOException("no JPEG writer");
        }
        try {
            Files.move(part, target);
        } catch (IOException e) {
            Files.deleteIfExists(part);
            throw e;
        }
    }

    /** A DONE clip's ALE row; its reason (warnings such as a salvaged source's damage) goes in the Comment column. */
    static AleWriter.Clip aleClip(ClipRow clip) {
        MediaInfo m = clip.media();
        String mediaFile = clip.renderOutputs().stream()
                .filter(o -> Preset.byId(o.preset()).map(Preset::editorial).orElse(false))
                .map(o -> clip.outputs().get(o.name()))
                .filter(r -> r != null && r.path() != null)
                .map(r -> Path.of(r.path()).getFileName().toString())
                .findFirst()
                .orElse(null);
        String source = clip.source() == null || clip.source().path() == null
                ? null
                : Path.of(clip.source().path()).getFileName().toString();
        return new AleWriter.Clip(
                clip.clipName(),
                OutputNames.reelName(clip.clipName()),
                source,
                mediaFile,
                m.fpsNum(),
                m.fpsDen(),
                m.frameCount(),
                m.displayWidth(),
                m.displayHeight(),
                m.timecode(),
                m.hasAudio() ? m.audioChannels() : 0,
                clip.reason());
    }

    /** A file in the job's destination folder. */
    static SourceRef inFolder(SourceRef folder, String fileName) {
        String p = folder.path();
        boolean top = p == null || p.isBlank() || p.equals(".") || p.equals("/");
        return new SourceRef(folder.root(), top ? fileName : p.replaceAll("/+$", "") + "/" + fileName);
    }

    @PreDestroy
    void shutdown() {
        worker.close();
    }
}
