package io.darkroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.darkroom.contracts.JobState;
import io.darkroom.contracts.OutputSpec;
import io.darkroom.local.JobStatus;
import io.darkroom.local.Stack;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A valid WebM around a corrupt VP9 stream: the job fails fast with a reason naming the file, and the bad task is
 * attempted once: a permanent failure is not redelivered.
 */
@ExtendWith(StackExtension.class)
class CorruptInputIT {
    static final String CORRUPT = "corrupt/vp9_profile2_invalid_bitstream.webm";
    static Jobs jobs;

    @BeforeAll
    static void setUp(Stack stack) {
        jobs = new Jobs(stack);
    }

    @Test
    void corruptBitstreamFailsWithinThirtySecondsAfterOneAttempt() {
        String jobId = jobs.submit(
                "e2e corrupt",
                List.of(Jobs.media(CORRUPT)),
                List.of(OutputSpec.of("review", "h264-review", 1280, 720)),
                null);

        JobStatus job = jobs.awaitTerminal(jobId, Duration.ofSeconds(30));

        assertThat(job.jobState()).as(Jobs.describe(job)).isEqualTo(JobState.FAILED);
        assertThat(job.reason()).contains("vp9_profile2_invalid_bitstream.webm");
        assertThat(job.tasksOfKind("VIDEO_SEGMENT")).isNotEmpty();
        // no retry storm: the job stays failed and no task gets a second attempt or start
        await("no redelivery")
                .during(Duration.ofSeconds(5))
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> jobs.json(jobId),
                        j -> "FAILED".equals(j.path("state").asText()) && attemptedOnce(j));
    }

    /**
     * Every task is still on its first attempt (process-service counts attempts per task and would raise it for a
     * retry) and the job went to its end state, FAILED (every clip failed) or PARTIAL (some clips done), exactly
     * once, never back to RUNNING.
     */
    static boolean attemptedOnce(JsonNode job) {
        for (JsonNode task : job.path("tasks")) {
            if (task.path("attempt").asInt() != 1) {
                return false;
            }
        }
        String end = job.path("state").asText();
        if (!"FAILED".equals(end) && !"PARTIAL".equals(end)) {
            return false;
        }
        long ended = 0;
        String last = null;
        for (JsonNode h : job.path("history")) {
            last = h.path("to").asText();
            if (end.equals(last)) {
                ended++;
            }
        }
        return ended == 1 && end.equals(last);
    }
}
