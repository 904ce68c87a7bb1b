package io.darkroom.process.rest;

import io.darkroom.contracts.JobState;
import io.darkroom.contracts.RenderTask.RenderOutput;
import io.darkroom.contracts.SourceRef;
import io.darkroom.media.qc.QcReport;
import io.darkroom.process.domain.Approval;
import io.darkroom.process.domain.ArtifactRow;
import io.darkroom.process.domain.ClipRow;
import io.darkroom.process.domain.HistoryRow;
import io.darkroom.process.domain.JobRow;
import io.darkroom.process.domain.OutputResult;
import io.darkroom.process.domain.TaskRow;
import io.darkroom.process.service.JobQueryService.JobDetail;
import io.darkroom.process.service.JobQueryService.JobSummary;
import io.darkroom.process.service.JobQueryService.Progress;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The JSON shapes of the job API (documented in process-service/README.md). */
public final class JobViews {

    private JobViews() {}

    /**
     * What {@code GET /jobs/{id}/request} answers: the hash of the request the job was stored for (null when its
     * submission carried none).
     */
    public record StoredRequestView(String jobId, String requestSha256) {}

    /** One row of GET /jobs. */
    public record JobListItem(
            String id,
            String name,
            JobState state,
            int priority,
            String pool,
            Progress progress,
            Instant submittedAt,
            Instant updatedAt) {
        static JobListItem of(JobSummary s) {
            JobRow j = s.job();
            return new JobListItem(
                    j.id().toString(),
                    j.name(),
                    j.state(),
                    j.priority(),
                    j.pool(),
                    s.progress(),
                    j.submittedAt(),
                    j.updatedAt());
        }
    }

    /** GET /jobs/{id}. */
    public record JobView(
            String id,
            String name,
            JobState state,
            String reason,
            int priority,
            String pool,
            Progress progress,
            int promotions,
            String submittedBy,
            Instant submittedAt,
            Instant updatedAt,
            SourceRef destination,
            LocalDate jobDate,
            ClipCounts clipCounts,
            List<ClipView> clips,
            List<ArtifactView> artifacts,
            List<TaskView> tasks,
            List<HistoryView> history,
            ApprovalView approval) {
        static JobView of(JobDetail d) {
            JobRow j = d.job();
            Map<UUID, String> names = new HashMap<>();
            d.clips().forEach(c -> names.put(c.id(), c.clipName()));
            return new JobView(
                    j.id().toString(),
                    j.name(),
                    j.state(),
                    j.reason(),
                    j.priority(),
                    j.pool(),
                    d.progress(),
                    j.promotions(),
                    j.submittedBy(),
                    j.submittedAt(),
                    j.updatedAt(),
                    j.destination(),
                    j.date(),
                    ClipCounts.of(d.clips()),
                    d.clips().stream().map(ClipView::of).toList(),
                    d.artifacts().stream().map(a -> ArtifactView.of(a, names)).toList(),
                    d.tasks().stream().map(TaskView::of).toList(),
                    d.history().stream().map(HistoryView::of).toList(),
                    d.approval() == null ? null : ApprovalView.of(d.approval()));
        }
    }

    /**
     * GET /jobs/{id}/approval, and {@code approval} of the job view (absent for a job without a gate): the gate's
     * status, the preview images with the scores of their frame, the evaluation per clip (mean over the preview
     * frames) and the decision.
     */
    public record ApprovalView(
            String jobId,
            String status,
            String model,
            int scale,
            String method,
            String decidedBy,
            String note,
            Instant decidedAt,
            String error,
            List<Approval.PreviewImage> previews,
            List<Approval.ClipEvaluation> evaluation) {
        static ApprovalView of(Approval a) {
            return new ApprovalView(
                    a.jobId().toString(),
                    a.status().name(),
                    a.model(),
                    a.scale(),
                    a.method() == null ? null : a.method().wire(),
                    a.decidedBy(),
                    a.note(),
                    a.decidedAt(),
                    a.error(),
                    a.previews(),
                    a.evaluation());
        }
    }

    /** How many clips of the job are in each state (total, done, failed, cancelled, open), for a glance. */
    public record ClipCounts(int total, int done, int failed, int cancelled, int open) {
        static ClipCounts of(List<ClipRow> clips) {
            int done = 0;
            int failed = 0;
            int cancelled = 0;
            for (ClipRow c : clips) {
                switch (c.state()) {
                    case DONE -> done++;
                    case FAILED -> failed++;
                    case CANCELLED -> cancelled++;
                    default -> {}
                }
            }
            return new ClipCounts(clips.size(), done, failed, cancelled, clips.size() - done - failed - cancelled);
        }
    }

    /**
     * A file made for the whole job: kind poster (one per DONE clip; clip names it), contactSheet, ale, or provenance
     * (the signed manifest beside one output of a DONE clip; clip names it); path is absolute.
     */
    public record ArtifactView(String kind, String path, String clipId, String clip) {
        static ArtifactView of(ArtifactRow a, Map<UUID, String> clipNames) {
            return new ArtifactView(
                    a.kind(),
                    a.path(),
                    a.clipId() == null ? null : a.clipId().toString(),
                    a.clipId() == null ? null : clipNames.get(a.clipId()));
        }
    }

    /** A clip of a job with its outputs. */
    public record ClipView(
            String id,
            int index,
            String name,
            SourceRef source,
            String state,
            String reason,
            long frames,
            List<OutputView> outputs) {
        static ClipView of(ClipRow c) {
            return new ClipView(
                    c.id().toString(),
                    c.index(),
                    c.clipName(),
                    c.source(),
                    c.state().name(),
                    c.reason(),
                    c.media().frameCount(),
                    c.renderOutputs().stream()
                            .map(o -> OutputView.of(o, c.outputs().get(o.name())))
                            .toList());
        }
    }

    /**
     * An output of a clip: path is the absolute final file (null until assembly chose it), qc its report (null
     * until verified).
     */
    public record OutputView(String name, String preset, int width, int height, String path, QcReport qc) {
        static OutputView of(RenderOutput o, OutputResult r) {
            return new OutputView(
                    o.name(),
                    o.preset(),
                    o.width(),
                    o.height(),
                    r == null ? null : r.path(),
                    r == null ? null : r.qc());
        }
    }

    /** A task with its current attempt. */
    public record TaskView(
            String id,
            String clipId,
            String kind,
            int segment,
            String state,
            int attempt,
            long framesDone,
            long expectedFrames,
            String workerId,
            String reason,
            Instant publishedAt,
            Instant startedAt,
            Instant finishedAt) {
        static TaskView of(TaskRow t) {
            return new TaskView(
                    t.id().toString(),
                    t.clipId().toString(),
                    t.kind().name(),
                    t.segmentIndex(),
                    t.state().name(),
                    t.attempt(),
                    t.progressFrames(),
                    t.expectedFrames(),
                    t.workerId(),
                    t.reason(),
                    t.publishedAt(),
                    t.startedAt(),
                    t.finishedAt());
        }
    }

    /** A job state change. */
    public record HistoryView(Instant at, JobState from, JobState to, String reason) {
        static HistoryView of(HistoryRow h) {
            return new HistoryView(h.at(), h.from(), h.to(), h.reason());
        }
    }
}
