package io.darkroom.process.service;

import io.darkroom.contracts.JobState;
import io.darkroom.contracts.RenderTask.TaskKind;
import io.darkroom.process.domain.Approval;
import io.darkroom.process.domain.ArtifactRow;
import io.darkroom.process.domain.ClipRow;
import io.darkroom.process.domain.HistoryRow;
import io.darkroom.process.domain.JobRow;
import io.darkroom.process.domain.TaskRow;
import io.darkroom.process.domain.TaskState;
import io.darkroom.process.persistence.ApprovalRepository;
import io.darkroom.process.persistence.ArtifactRepository;
import io.darkroom.process.persistence.ClipRepository;
import io.darkroom.process.persistence.Database;
import io.darkroom.process.persistence.Jdbc;
import io.darkroom.process.persistence.JobRepository;
import io.darkroom.process.persistence.TaskRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Reads for the job API. */
@ApplicationScoped
public class JobQueryService {
    private final Database db;
    private final JobRepository jobs;
    private final ClipRepository clips;
    private final TaskRepository tasks;
    private final ArtifactRepository artifacts;
    private final ApprovalRepository approvals;

    public JobQueryService(
            Database db,
            JobRepository jobs,
            ClipRepository clips,
            TaskRepository tasks,
            ArtifactRepository artifacts,
            ApprovalRepository approvals) {
        this.approvals = approvals;
        this.artifacts = artifacts;
        this.db = db;
        this.jobs = jobs;
        this.clips = clips;
        this.tasks = tasks;
    }

    /** Who stored a job and the hash of its request; empty for an unknown job. */
    public Optional<JobRepository.StoredRequest> storedRequest(UUID jobId) {
        return db.read(c -> jobs.storedRequest(c, jobId));
    }

    /** A job with everything the detail view shows. */
    public record JobDetail(
            JobRow job,
            Progress progress,
            List<ClipRow> clips,
            List<TaskRow> tasks,
            List<HistoryRow> history,
            List<ArtifactRow> artifacts,
            Approval approval) {}

    /** A job with its progress, for the list. */
    public record JobSummary(JobRow job, Progress progress) {}

    /**
     * @param tasksTotal every task of the job (video segments and audio)
     * @param tasksDone  tasks DONE
     * @param percent    rendered video frames over all video frames, 0..100, one decimal (100 once ASSEMBLING)
     */
    public record Progress(long tasksTotal, long tasksDone, double percent) {}

    public Optional<JobDetail> find(UUID id) {
        return db.read(c -> jobs.find(c, id).map(job -> {
            List<TaskRow> t = tasks.byJob(c, id);
            return new JobDetail(
                    job,
                    progress(job.state(), t),
                    clips.byJob(c, id),
                    t,
                    jobs.history(c, id),
                    artifacts.byJob(c, id),
                    approvals.find(c, id).orElse(null));
        }));
    }

    public List<JobSummary> list(int limit) {
        return db.read(c -> {
            List<JobRow> rows = jobs.list(c, limit);
            Map<UUID, long[]> counts = new HashMap<>();
            Jdbc.query(
                    c,
                    """
                    SELECT job_id, count(*) AS tasks, count(*) FILTER (WHERE state = 'DONE') AS tasks_done,
                           sum(expected_frames) FILTER (WHERE kind = 'VIDEO_SEGMENT') AS frames,
                           sum(CASE WHEN state = 'DONE' THEN expected_frames
                                    ELSE least(progress_frames, expected_frames) END)
                               FILTER (WHERE kind = 'VIDEO_SEGMENT') AS frames_done
                    FROM tasks WHERE job_id = ANY (?) GROUP BY job_id""",
                    rs -> counts.put(Jdbc.uuid(rs, "job_id"), new long[] {
                        rs.getLong("tasks"), rs.getLong("tasks_done"), rs.getLong("frames"), rs.getLong("frames_done")
                    }),
                    Jdbc.uuidArray(c, rows.stream().map(JobRow::id).toList()));
            return rows.stream()
                    .map(j -> new JobSummary(j, progress(j.state(), counts.getOrDefault(j.id(), new long[4]))))
                    .toList();
        });
    }

    /** Progress of a job from its tasks. */
    static Progress progress(JobState state, List<TaskRow> tasks) {
        long[] c = new long[4];
        for (TaskRow t : tasks) {
            c[0]++;
            c[1] += t.state() == TaskState.DONE ? 1 : 0;
            if (t.kind() == TaskKind.VIDEO_SEGMENT) {
                c[2] += t.expectedFrames();
                c[3] += t.state() == TaskState.DONE
                        ? t.expectedFrames()
                        : Math.min(t.progressFrames(), t.expectedFrames());
            }
        }
        return progress(state, c);
    }

    /** From {tasks, tasksDone, frames, framesDone}. */
    static Progress progress(JobState state, long[] c) {
        double percent;
        if (state == JobState.ASSEMBLING || state == JobState.SUCCEEDED || state == JobState.PARTIAL) {
            percent = 100.0;
        } else {
            percent = c[2] <= 0 ? 0.0 : Math.round(1000.0 * c[3] / c[2]) / 10.0;
        }
        return new Progress(c[0], c[1], percent);
    }
}
