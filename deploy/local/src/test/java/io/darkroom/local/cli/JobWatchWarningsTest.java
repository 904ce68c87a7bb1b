package io.darkroom.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.SourceRef;
import io.darkroom.local.JobStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code ./darkroom submit --wait} shows a salvaged source's damage: the reason of a clip that ended DONE. */
class JobWatchWarningsTest {

    @Test
    void doneClipsWithAReasonAreWarningsFailedOnesAndCleanOnesAreNot() {
        JobStatus job = new JobStatus(
                "j1",
                "day 12",
                "SUCCEEDED",
                null,
                50,
                null,
                List.of(
                        new JobStatus.Clip(
                                "c1",
                                "A001",
                                new SourceRef("media", "day12/A001.ts"),
                                "DONE",
                                "source: 2 leading packets undecodable (starts mid-GOP)",
                                List.of()),
                        new JobStatus.Clip(
                                "c2", "A002", new SourceRef("media", "day12/A002.mov"), "DONE", null, List.of()),
                        new JobStatus.Clip(
                                "c3", "A003", new SourceRef("media", "day12/A003.mp4"), "FAILED", "bad", List.of())),
                List.of(),
                0,
                List.of(),
                List.of(),
                null);

        assertThat(JobWatch.warnings(job))
                .containsExactly(
                        "clip A001 (media:day12/A001.ts): source: 2 leading" + " packets undecodable (starts mid-GOP)");
    }
}
