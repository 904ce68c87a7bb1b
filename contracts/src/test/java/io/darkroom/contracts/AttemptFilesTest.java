package io.darkroom.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.TaskEvent.SegmentFile;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AttemptFilesTest {
    static final SourceRef PREFIX = new SourceRef("work", "jobs/j1/c1/seg-00003");
    static final Set<String> OUTPUTS = Set.of("review", "editorial");

    static SegmentFile file(String output, SourceRef ref) {
        return new SegmentFile(output, ref, 25, 1_000_000, 10, null);
    }

    @Test
    void namesCarryOutputAttemptDeliveryAndASafeWorkerId() {
        assertThat(AttemptFiles.of(PREFIX, "review", 2, 3, "host/w 1", "mp4"))
                .isEqualTo(new SourceRef("work", "jobs/j1/c1/seg-00003.review.a2-d3-host_w_1.mp4"));
    }

    @Test
    void theFilesAnAttemptReallyWritesAreAccepted() {
        List<SegmentFile> files = List.of(
                file("review", AttemptFiles.of(PREFIX, "review", 2, 3, "w-1", "mp4")),
                file("editorial", AttemptFiles.of(PREFIX, "editorial", 2, 3, "w-1", "mov")));

        assertThat(AttemptFiles.problem(PREFIX, OUTPUTS, 2, 2, "w-1", files)).isEmpty();
        assertThat(AttemptFiles.problem(PREFIX, OUTPUTS, 2, 2, "w-1", files.subList(0, 1)))
                .isEmpty();
    }

    @Test
    void anythingElseIsRefusedWithTheReason() {
        SourceRef good = AttemptFiles.of(PREFIX, "review", 2, 3, "w-1", "mp4");
        assertThat(AttemptFiles.problem(PREFIX, OUTPUTS, 1, 2, "w-1", List.of(file("review", good))))
                .hasValueSatisfying(p -> assertThat(p).contains("attempt 1 is not the task's current attempt 2"));
        assertThat(AttemptFiles.problem(PREFIX, OUTPUTS, 2, 2, "w-1", List.of()))
                .hasValue("no files");
        assertThat(AttemptFiles.problem(PREFIX, OUTPUTS, 2, 2, " ", List.of(file("review", good))))
                .hasValue("no worker id");
        assertThat(AttemptFiles.problem(PREFIX, OUTPUTS, 2, 2, "w-1", List.of(file("master", good))))
                .hasValueSatisfying(p -> assertThat(p).contains("\"master\" is not one the task renders"));
        assertThat(AttemptFiles.problem(
                        PREFIX, OUTPUTS, 2, 2, "w-1", List.of(file("review", good), file("review", good))))
                .hasValueSatisfying(p -> assertThat(p).contains("reported twice"));
        for (SourceRef bad : List.of(
                new SourceRef("media", good.path()),
                new SourceRef("work", "provenance-key/private.pem"),
                new SourceRef("work", PREFIX.path() + ".review.a2-d3-w-1/../../../../provenance-key/x.mp4"),
                new SourceRef("work", PREFIX.path() + ".review.a2-d3-w-2.mp4"),
                new SourceRef("work", PREFIX.path() + ".review.a2-dx-w-1.mp4"),
                new SourceRef("work", PREFIX.path() + ".review.a2-d3-w-1.mp4/x"),
                new SourceRef("work", PREFIX.path() + ".review.a2-d3-w-1."),
                new SourceRef("work", "jobs/j1/c1/seg-00004.review.a2-d3-w-1.mp4"))) {
            assertThat(AttemptFiles.problem(PREFIX, OUTPUTS, 2, 2, "w-1", List.of(file("review", bad))))
                    .as(bad.toString())
                    .hasValueSatisfying(p -> assertThat(p).contains("is not named work:"));
        }
    }
}
