package io.darkroom.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darkroom.contracts.JobSubmitted;
import io.darkroom.contracts.ops.Op;
import io.darkroom.local.test.DarkroomTestResource;
import io.darkroom.models.upscale.RgbImage;
import io.darkroom.process.config.DarkroomConfig;
import io.darkroom.process.domain.Approval.Score;
import io.darkroom.process.persistence.ApprovalRepository;
import io.darkroom.process.persistence.ArtifactRepository;
import io.darkroom.process.persistence.ClipRepository;
import io.darkroom.process.persistence.Database;
import io.darkroom.process.persistence.JobRepository;
import io.darkroom.process.persistence.TaskRepository;
import io.darkroom.process.service.ApprovalService;
import io.darkroom.process.service.Effects;
import io.darkroom.process.service.JobLifecycle;
import io.darkroom.process.service.ProvenanceService;
import io.darkroom.process.service.TrustedModels;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An approval preview on a host whose Java cannot draw text (no fontconfig: the JDK's font manager throws
 * {@link InternalError}) fails the job at once, its reason naming the root cause, instead of being tried three times
 * 30 s apart. The real model runs on the real clip (as {@link ApprovalIT}); only the sheet's drawing throws, as the
 * JDK does there.
 */
@QuarkusTest
@WithTestResource(value = DarkroomTestResource.class, scope = TestResourceScope.GLOBAL)
class ApprovalPreviewErrorIT {
    @Inject
    Database db;

    @Inject
    JobRepository jobs;

    @Inject
    ClipRepository clips;

    @Inject
    TaskRepository tasks;

    @Inject
    ApprovalRepository approvals;

    @Inject
    ArtifactRepository artifacts;

    @Inject
    JobLifecycle lifecycle;

    @Inject
    Effects effects;

    @Inject
    ProvenanceService provenance;

    @Inject
    TrustedModels trusted;

    @Inject
    DarkroomConfig config;

    @BeforeAll
    static void importModel() {
        ApprovalIT.importModel();
    }

    @BeforeEach
    void signInAndTrust() {
        ItSupport.signInWithEveryRole();
        ApprovalIT.trust();
    }

    @Test
    void aPreviewThatCannotDrawItsCaptionsFailsTheJobAtOnceNamingTheCause() {
        AtomicInteger drawn = new AtomicInteger();
        ApprovalService previews =
                new ApprovalService(
                        db, jobs, clips, tasks, approvals, artifacts, lifecycle, effects, provenance, trusted, config) {
                    @Override
                    protected void drawSheet(
                            RgbImage crop,
                            RgbImage lanczos,
                            RgbImage ai,
                            int scale,
                            String modelName,
                            String caption,
                            List<Score> scores,
                            Path png) {
                        drawn.incrementAndGet();
                        throw new InternalError(new InvocationTargetException(new RuntimeException(
                                "Fontconfig head is null, check your fonts or fonts configuration")));
                    }
                };
        QuarkusMock.installMockForType(previews, ApprovalService.class);
        String pool = "it-apprerr-" + UUID.randomUUID().toString().substring(0, 8);
        JobSubmitted job = ApprovalIT.gated(pool, List.of(Op.Upscale.of("esrgan-slim-x2", 2)), 1);
        ItSupport.submit(job);

        await().atMost(ApprovalIT.PREVIEW).until(() -> "FAILED".equals(ItSupport.jobState(job.jobId())));
        assertThat(ItSupport.job(job.jobId()).getString("reason"))
                .isEqualTo("approval preview failed: InternalError: java.lang.reflect.InvocationTargetException"
                        + " (Fontconfig head is null, check your fonts or fonts configuration)");
        assertThat(drawn)
                .as("drawn once: the same Java fails the same way on every try")
                .hasValue(1);
    }
}
