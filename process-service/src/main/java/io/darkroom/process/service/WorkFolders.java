package io.darkroom.process.service;

import io.darkroom.contracts.JobState;
import io.darkroom.contracts.SourceRef;
import io.darkroom.media.StorageRoots;
import io.darkroom.process.config.DarkroomConfig;
import io.darkroom.process.domain.JobRow;
import io.darkroom.process.persistence.Database;
import io.darkroom.process.persistence.JobRepository;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The jobs' work folders ({@code work:jobs/<jobId>}: promoted segments, the audio file, stray attempt files). A job
 * that ended SUCCEEDED or CANCELLED has no further use for its folder, which held about as many bytes as its outputs:
 * kept, the work root of a post house grew by a day's renders every day. The sweep removes such folders once the job
 * has been over for {@code darkroom.dispatch.cancel-cleanup-delay} (workers stop and clean up within 5 s), every
 * {@code darkroom.storage.work-sweep-interval} and a minute after start, so a removal missed by a restart is made up.
 * FAILED and PARTIAL jobs keep theirs: a retry reuses the promoted segments. A folder whose name is not a job this
 * catalog knows is left alone.
 */
@ApplicationScoped
public class WorkFolders {
    private static final Logger LOG = Logger.getLogger(WorkFolders.class);

    private final Database db;
    private final JobRepository jobs;
    private final StorageRoots roots;
    private final Duration delay;

    public WorkFolders(Database db, JobRepository jobs, DarkroomConfig config) {
        this.db = db;
        this.jobs = jobs;
        this.roots = StorageRoots.of(config.storage().roots(), config.storage().modes());
        this.delay = config.dispatch().cancelCleanupDelay();
    }

    @Scheduled(
            every = "${darkroom.storage.work-sweep-interval:10m}",
            delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledSweep() {
        try {
            sweep(Instant.now());
        } catch (RuntimeException e) {
            LOG.errorf("work folders not swept: %s", e.getMessage());
        }
    }

    /**
     * Removes the folders of jobs over (SUCCEEDED or CANCELLED) since before {@code now} minus the delay.
     *
     * @return the jobs whose folders were removed
     */
    public List<UUID> sweep(Instant now) {
        Optional<Path> jobsDir = jobsFolder();
        if (jobsDir.isEmpty() || !Files.isDirectory(jobsDir.get())) {
            return List.of();
        }
        List<UUID> ids = new ArrayList<>();
        try (Stream<Path> entries = Files.list(jobsDir.get())) {
            entries.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .map(WorkFolders::jobId)
                    .flatMap(Optional::stream)
                    .forEach(ids::add);
        } catch (IOException e) {
            LOG.warnf("cannot list %s: %s", jobsDir.get(), e.getMessage());
            return List.of();
        }
        List<UUID> removed = new ArrayList<>();
        for (UUID id : ids) {
            Optional<JobRow> job = db.read(c -> jobs.find(c, id));
            if (job.isPresent()
                    && done(job.get(), now, delay)
                    && remove(id, job.get().state().name())) {
                removed.add(id);
            }
        }
        return removed;
    }

    /** Whether a job's folder can go: it ended SUCCEEDED or CANCELLED at least {@code delay} before {@code now}. */
    static boolean done(JobRow job, Instant now, Duration delay) {
        boolean over = job.state() == JobState.SUCCEEDED || job.state() == JobState.CANCELLED;
        return over && job.updatedAt() != null && !job.updatedAt().plus(delay).isAfter(now);
    }

    /**
     * Deletes {@code work:jobs/<jobId>} and all it holds.
     *
     * @param why the job's state, for the log
     * @return true when the folder was there and is gone
     */
    boolean remove(UUID jobId, String why) {
        Path dir;
        try {
            dir = roots.resolve(new SourceRef(RenderTasks.WORK_ROOT, "jobs/" + jobId));
        } catch (RuntimeException e) {
            LOG.warnf("job %s: work folder not removed: %s", jobId, e.getMessage());
            return false;
        }
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> all = walk.sorted(Comparator.reverseOrder()).toList();
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
            LOG.infof("job %s: %s; work folder %s removed (%d entries)", jobId, why, dir, all.size());
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warnf("job %s: work folder %s not fully removed: %s", jobId, dir, e.toString());
            return false;
        }
    }

    private Optional<Path> jobsFolder() {
        try {
            return Optional.of(roots.resolve(new SourceRef(RenderTasks.WORK_ROOT, "jobs")));
        } catch (RuntimeException e) {
            return Optional.empty(); // no work root here
        }
    }

    private static Optional<UUID> jobId(String name) {
        try {
            UUID id = UUID.fromString(name);
            return id.toString().equals(name) ? Optional.of(id) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
