package io.darkroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.JobState;
import io.darkroom.contracts.OutputSpec;
import io.darkroom.local.JobStatus;
import io.darkroom.local.OutputChecks;
import io.darkroom.local.Stack;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One job of real camera, phone, browser and post clips plus a six-minute clip through the whole stack (separate
 * JVMs, real broker and database): every output is checked here, independently of process-service's own QC, and
 * the long clip's segment count and exact length are checked.
 */
@ExtendWith(StackExtension.class)
class EndToEndIT {
    static final String LONG = "generated/h264_1080p30_6min_black_aac.mp4";
    static final long LONG_FRAMES = 10_883;
    static final int SEGMENT_FRAMES = 1_000;
    static final List<String> CLIPS = List.of(
            "timecode/gopro_max_h264_tmcd_gpmf.mp4",
            "phone/android12_h264_4k60_rot-90_vfr.mp4",
            "webm/vp9_profile2_10bit_roadtrip.webm",
            "av1/av1_main10_hdr10_pq_portrait.mp4",
            "generated/prores_proxy_64x64_24fps_100f.mov",
            LONG);
    static final OutputSpec REVIEW = OutputSpec.of("review", "h264-review", 1280, 720);

    static Stack stack;
    static Jobs jobs;

    @BeforeAll
    static void setUp(Stack s) {
        stack = s;
        jobs = new Jobs(s);
    }

    @Test
    void realClipsAndALongClipComeOutFrameExactAndChecked() {
        String jobId =
                jobs.submit("e2e dailies", CLIPS.stream().map(Jobs::media).toList(), List.of(REVIEW), SEGMENT_FRAMES);

        JobStatus job = jobs.awaitTerminal(jobId, Duration.ofMinutes(12));

        assertThat(job.jobState()).as(Jobs.describe(job)).isEqualTo(JobState.SUCCEEDED);
        assertThat(job.clips()).hasSize(CLIPS.size());
        OutputChecks checks = new OutputChecks(stack.infra().storageRoots());
        OutputChecks.Result result = checks.check(job, List.of(REVIEW));
        assertThat(result.problems()).as("client-side output checks").isEmpty();
        assertThat(result.outputs()).hasSize(CLIPS.size());

        JobStatus.Clip longClip = job.clips().stream()
                .filter(c -> c.source().path().equals(LONG))
                .findFirst()
                .orElseThrow();
        long expectedSegments = (LONG_FRAMES + SEGMENT_FRAMES - 1) / SEGMENT_FRAMES;
        assertThat(Jobs.tasks(job, longClip, "VIDEO_SEGMENT")).hasSize((int) expectedSegments);
        assertThat(result.outputs())
                .filteredOn(c -> c.clip().equals(longClip.name()))
                .singleElement()
                .satisfies(c -> assertThat(c.report().frames()).isEqualTo(LONG_FRAMES));
        for (JobStatus.Clip clip : job.clips()) {
            long frames = checks.source(clip.source()).frameCount();
            assertThat(Jobs.tasks(job, clip, "VIDEO_SEGMENT"))
                    .as("segments of " + clip.name())
                    .hasSize((int) ((frames + SEGMENT_FRAMES - 1) / SEGMENT_FRAMES));
        }
    }
}
