package io.darkroom.process.domain;

import io.darkroom.contracts.RenderTask.TaskKind;
import io.darkroom.contracts.TaskEvent.SegmentFile;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A task as stored in the catalog; {@code promoted} holds the accepted attempt's files once DONE. */
public record TaskRow(
        UUID id,
        UUID jobId,
        UUID clipId,
        TaskKind kind,
        int segmentIndex,
        long startUs,
        long endUs,
        long expectedFrames,
        TaskState state,
        int attempt,
        Instant notBefore,
        Instant publishedAt,
        Instant startedAt,
        Instant finishedAt,
        String workerId,
        long progressFrames,
        List<SegmentFile> promoted,
        String reason) {

    /** A task as planned: PENDING, first attempt, nothing run yet. */
    public static TaskRow pending(
            UUID id,
            UUID jobId,
            UUID clipId,
            TaskKind kind,
            int segmentIndex,
            long startUs,
            long endUs,
            long expectedFrames) {
        return new TaskRow(
                id,
                jobId,
                clipId,
                kind,
                segmentIndex,
                startUs,
                endUs,
                expectedFrames,
                TaskState.PENDING,
                1,
                null,
                null,
                null,
                null,
                null,
                0,
                null,
                null);
    }
}
