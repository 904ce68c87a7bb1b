package io.darkroom.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darkroom.contracts.JobSubmitted;
import io.darkroom.local.test.DarkroomTestResource;
import io.darkroom.process.domain.DispatchCandidate;
import io.darkroom.process.persistence.Database;
import io.darkroom.process.persistence.Jdbc;
import io.darkroom.process.persistence.TaskRepository;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Inside a job the dispatcher offers a clip's audio first (this clip has none), then its longest segments: a long segment dispatched last
 * would run alone at the end while the other slots idle (keyframe-snapped cuts make some segments longer).
 */
@QuarkusTest
@WithTestResource(value = DarkroomTestResource.class, scope = TestResourceScope.GLOBAL)
class LongestFirstIT {
    @Inject
    Database db;

    @Inject
    TaskRepository tasks;

    @Test
    void audioThenTheLongestSegmentThenSegmentOrder() {
        ItSupport.signInWithEveryRole();
        // a pool no worker serves: the job stays PLANNED, its tasks PENDING
        String pool = "itlong-" + UUID.randomUUID().toString().substring(0, 8);
        JobSubmitted job = ItSupport.job(pool, ItSupport.PRORES, 25, 0, 0); // 4 segments of 25 frames, no audio
        ItSupport.submit(job);
        await().atMost(Duration.ofSeconds(30)).until(() -> "PLANNED".equals(ItSupport.jobState(job.jobId())));
        UUID jobId = UUID.fromString(job.jobId());
        // as if the cuts had snapped to keyframes: segment 2 is the longest
        db.tx(c -> Jdbc.update(c, "UPDATE tasks SET expected_frames = 40 WHERE job_id = ? AND seg_index = 2", jobId));

        List<DispatchCandidate> offered = db.read(c -> tasks.candidates(c, pool, 10)).stream()
                .filter(d -> d.jobId().equals(jobId))
                .sorted(Comparator.comparingInt(DispatchCandidate::rankInJob))
                .toList();
        List<String> order = db.read(c -> offered.stream()
                .map(d -> Jdbc.query(
                                c,
                                "SELECT kind || ':' || coalesce(seg_index::text, '-') FROM tasks WHERE id = ?",
                                rs -> rs.getString(1),
                                d.taskId())
                        .get(0))
                .toList());
        assertThat(order)
                .as("the job's dispatch order")
                .containsExactly("VIDEO_SEGMENT:2", "VIDEO_SEGMENT:0", "VIDEO_SEGMENT:1", "VIDEO_SEGMENT:3");
    }
}
