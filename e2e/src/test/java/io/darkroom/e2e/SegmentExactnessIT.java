package io.darkroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.JobState;
import io.darkroom.contracts.OutputSpec;
import io.darkroom.local.JobStatus;
import io.darkroom.local.OutputChecks;
import io.darkroom.local.Stack;
import io.darkroom.media.qc.FrameHashes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Split, process, assemble is exact: the GoPro clip rendered to a lossless master in 60-frame segments decodes to
 * the very same frames as a single-segment render.
 */
@ExtendWith(StackExtension.class)
class SegmentExactnessIT {
    static final String GOPRO = "timecode/gopro_max_h264_tmcd_gpmf.mp4";
    static final OutputSpec MASTER = OutputSpec.of("master", "ffv1-master", 0, 0);
    static Stack stack;
    static Jobs jobs;

    @BeforeAll
    static void setUp(Stack s) {
        stack = s;
        jobs = new Jobs(s);
    }

    @Test
    void sixtyFrameSegmentsDecodeToTheSameFramesAsOneSegment() {
        String split = jobs.submit("e2e exact split", List.of(Jobs.media(GOPRO)), List.of(MASTER), 60);
        String whole = jobs.submit("e2e exact whole", List.of(Jobs.media(GOPRO)), List.of(MASTER), 100_000);

        Path splitFile = master(jobs.awaitTerminal(split, Duration.ofMinutes(5)), 6);
        Path wholeFile = master(jobs.awaitTerminal(whole, Duration.ofMinutes(5)), 1);

        List<String> splitHashes = FrameHashes.of(splitFile);
        List<String> wholeHashes = FrameHashes.of(wholeFile);
        assertThat(splitHashes).hasSize(315);
        assertThat(splitHashes).isEqualTo(wholeHashes);
    }

    /** Checks the finished job and returns its one output file. */
    private Path master(JobStatus job, int segments) {
        assertThat(job.jobState()).as(Jobs.describe(job)).isEqualTo(JobState.SUCCEEDED);
        JobStatus.Clip clip = job.clips().get(0);
        assertThat(Jobs.tasks(job, clip, "VIDEO_SEGMENT")).hasSize(segments);
        OutputChecks.Result result = new OutputChecks(stack.infra().storageRoots()).check(job, List.of(MASTER));
        assertThat(result.problems()).isEmpty();
        return result.outputs().get(0).path();
    }
}
