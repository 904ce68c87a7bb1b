package io.darkroom.process;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darkroom.contracts.JobSubmitted;
import io.darkroom.contracts.SourceRef;
import io.darkroom.local.test.DarkroomTestResource;
import io.darkroom.process.service.WorkFolders;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The work folder sweep against the real catalog: a cancelled job's folder goes (here: one written again after the
 * cancel's own removal, as a restart or a late worker would leave it), a failed job's stays for its retry, and folders
 * that are not this catalog's jobs are left alone.
 */
@QuarkusTest
@WithTestResource(value = DarkroomTestResource.class, scope = TestResourceScope.GLOBAL)
class WorkFoldersIT {
    @Inject
    WorkFolders workFolders;

    @BeforeEach
    void signIn() {
        ItSupport.signInWithEveryRole();
    }

    @Test
    void theSweepRemovesWhatEndedJobsLeftAndKeepsWhatARetryNeeds() throws Exception {
        String pool = "it-sweep-" + UUID.randomUUID().toString().substring(0, 8);
        JobSubmitted cancelled = ItSupport.job(pool, ItSupport.PRORES, 25, 0, 0);
        ItSupport.submit(cancelled);
        await().atMost(Duration.ofSeconds(30)).until(() -> "PLANNED".equals(ItSupport.jobState(cancelled.jobId())));
        Path cancelledSegment = segment(cancelled.jobId());
        given().header(
                        "Authorization",
                        ItSupport.bearer("alice", io.darkroom.security.Role.SUPERVISOR, io.darkroom.security.Role.OPS))
                .contentType(ContentType.JSON)
                .body("{\"note\": \"wrong LUT\"}")
                .post("/jobs/" + cancelled.jobId() + "/cancel")
                .then()
                .statusCode(200);
        // the cancel's own removal (cancel-cleanup-delay later) takes the folder; then something writes there again
        await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(cancelledSegment.getParent()));
        segment(cancelled.jobId());

        // a job whose destination is the read-only media root fails at planning: FAILED, and its folder stays
        JobSubmitted base = ItSupport.job(pool, ItSupport.PRORES, 25, 0, 0);
        JobSubmitted failed = ItSupport.withDestination(base, new SourceRef("media", "it/" + base.jobId()));
        ItSupport.submit(failed);
        await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(ItSupport.jobState(failed.jobId())));
        Path failedSegment = segment(failed.jobId());
        Path stranger = segment(UUID.randomUUID().toString());
        Path notAJob = Files.writeString(
                Files.createDirectories(workRoot().resolve("jobs/scratch")).resolve("notes.txt"), "keep me");

        List<UUID> removed = workFolders.sweep(Instant.now().plus(Duration.ofHours(1)));

        assertThat(removed).contains(UUID.fromString(cancelled.jobId()));
        assertThat(workRoot().resolve("jobs/" + cancelled.jobId())).doesNotExist();
        assertThat(failedSegment).as("a retry of the failed job reuses it").exists();
        assertThat(stranger).as("not a job of this catalog").exists();
        assertThat(notAJob).exists();
        assertThat(removed).doesNotContain(UUID.fromString(failed.jobId()));
    }

    private static Path workRoot() {
        return DarkroomTestResource.storageRoot("work");
    }

    /** A promoted segment file in the job's work folder. */
    private static Path segment(String jobId) throws Exception {
        Path file = workRoot().resolve("jobs/" + jobId + "/clip/seg-00000.mp4");
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "a promoted segment");
    }
}
