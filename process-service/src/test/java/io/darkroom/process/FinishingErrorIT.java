package io.darkroom.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darkroom.contracts.JobSubmitted;
import io.darkroom.contracts.OutputSpec;
import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.RenderTask;
import io.darkroom.local.test.DarkroomTestResource;
import io.darkroom.process.config.DarkroomConfig;
import io.darkroom.process.domain.ClipRow;
import io.darkroom.process.domain.JobRow;
import io.darkroom.process.persistence.ArtifactRepository;
import io.darkroom.process.persistence.ClipRepository;
import io.darkroom.process.persistence.Database;
import io.darkroom.process.persistence.JobRepository;
import io.darkroom.process.service.Effects;
import io.darkroom.process.service.JobArtifactsService;
import io.darkroom.process.service.JobLifecycle;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A job's finishing (posters, contact sheet, ALE, outcome) meets an {@link Error}, as on a render node whose slim Java
 * lacks the font libraries its text drawing loads: the job still ends, its reason naming the cause, instead of staying
 * ASSEMBLING and being finished again for ever. The contact sheet is drawn by a {@link JobArtifactsService} whose
 * drawing throws; everything else (catalog, Kafka, FFmpeg, the worker's events) is real.
 */
@QuarkusTest
@WithTestResource(value = DarkroomTestResource.class, scope = TestResourceScope.GLOBAL)
class FinishingErrorIT {
    private static final int WHOLE_CLIP = 100_000;

    @Inject
    Database db;

    @Inject
    JobRepository jobs;

    @Inject
    ClipRepository clips;

    @Inject
    ArtifactRepository artifacts;

    @Inject
    JobLifecycle lifecycle;

    @Inject
    Effects effects;

    @Inject
    DarkroomConfig config;

    @BeforeEach
    void signIn() {
        ItSupport.signInWithEveryRole();
    }

    @Test
    void aContactSheetThatCannotLoadItsFontLibraryIsNamedMissingAndTheJobSucceeds() throws Exception {
        JsonPath view = contactSheetFails(
                new UnsatisfiedLinkError("libharfbuzz.so.0: cannot open shared object file: No such file or directory"),
                "UnsatisfiedLinkError: libharfbuzz.so.0: cannot open shared object file: No such file or directory");
        assertThat(Path.of(view.getString("clips[0].outputs[0].path"))).exists();
    }

    @Test
    void aContactSheetOnAHostWithoutFontconfigIsNamedMissingWithTheRealCauseAndTheJobSucceeds() throws Exception {
        // what the JDK's font manager throws on a host without fontconfig (seen on a 16-core bench machine)
        contactSheetFails(
                new InternalError(new InvocationTargetException(
                        new RuntimeException("Fontconfig head is null, check your fonts or fonts configuration"))),
                "InternalError: java.lang.reflect.InvocationTargetException "
                        + "(Fontconfig head is null, check your fonts or fonts configuration)");
    }

    /**
     * Finishes a rendered job whose contact sheet drawing throws {@code error}: the job SUCCEEDS at once with every
     * other artifact, its reason naming the sheet missing because of {@code described}; the sheet is tried once.
     */
    private JsonPath contactSheetFails(Error error, String described) throws Exception {
        AtomicInteger drawn = new AtomicInteger();
        install(new Error[] {error}, drawn);
        JobSubmitted job = renderedAndAssembling();

        await().atMost(Duration.ofSeconds(60)).until(() -> terminal(ItSupport.jobState(job.jobId())));
        JsonPath view = ItSupport.job(job.jobId());
        assertThat(view.getString("state")).isEqualTo("SUCCEEDED");
        assertThat(view.getString("reason")).isEqualTo("artifacts incomplete: contact sheet not made: " + described);
        assertThat(view.getList("artifacts.kind", String.class)).containsExactly("poster", "ale", "provenance");
        assertThat(drawn)
                .as("the contact sheet was tried once: an Error there is not a reason to finish again (30 s later)")
                .hasValue(1);
        return view;
    }

    @Test
    void anErrorOutsideEveryGuardEndsTheJobAfterThreeTriesWithTheCause() throws Exception {
        AtomicInteger drawn = new AtomicInteger();
        // an Error none of the artifacts' own guards expects: it escapes the finishing, which is tried again
        JobArtifactsService finishing = install(new Error[] {new Error("font rasteriser crashed")}, drawn);
        JobSubmitted job = renderedAndAssembling();
        UUID id = UUID.fromString(job.jobId());

        // each poll asks for the job again, as the scheduled resume does every 30 s
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    finishing.submit(id);
                    return terminal(ItSupport.jobState(job.jobId()));
                });
        JsonPath view = ItSupport.job(job.jobId());
        assertThat(view.getString("state")).isEqualTo("SUCCEEDED");
        assertThat(view.getString("reason"))
                .isEqualTo("artifacts not made: finishing failed 3 times: Error: font rasteriser crashed");
        assertThat(view.getList("artifacts")).isEmpty();
        assertThat(drawn).as("tried exactly three times, then ended").hasValue(3);
        assertThat(view.getList("history.to", String.class))
                .containsExactly("SUBMITTED", "PLANNED", "RUNNING", "ASSEMBLING", "SUCCEEDED");
    }

    /** Installs a finishing service whose contact sheet drawing throws {@code errors[0]} (counted in {@code drawn}). */
    private JobArtifactsService install(Error[] errors, AtomicInteger drawn) {
        JobArtifactsService finishing =
                new JobArtifactsService(db, jobs, clips, artifacts, lifecycle, effects, config) {
                    @Override
                    protected void writeContactSheet(JobRow job, Map<ClipRow, Path> posters, Path target) {
                        drawn.incrementAndGet();
                        throw errors[0];
                    }
                };
        QuarkusMock.installMockForType(finishing, JobArtifactsService.class);
        return finishing;
    }

    /** A one-clip job (the 64x64 ProRes clip, one review output) whose one task a simulated worker finished. */
    private static JobSubmitted renderedAndAssembling() throws Exception {
        String pool = "it-finish-" + UUID.randomUUID().toString().substring(0, 8);
        String worker = "it-worker-" + pool;
        Recipe recipe =
                Recipe.of(List.of(OutputSpec.of("review", "h264-review", 0, 0))).withSegmentFrames(WHOLE_CLIP);
        JobSubmitted job = DailiesIT.job(pool, recipe, ItSupport.PRORES);
        ItSupport.submit(job);
        await().atMost(Duration.ofSeconds(30)).until(() -> "PLANNED".equals(ItSupport.jobState(job.jobId())));
        ItSupport.heartbeat(worker, pool, 8, 0);
        List<RenderTask> tasks = DailiesIT.published(pool, 1);
        DailiesIT.complete(tasks.get(0), worker);
        return job;
    }

    private static boolean terminal(String state) {
        return List.of("SUCCEEDED", "PARTIAL", "FAILED", "CANCELLED").contains(state);
    }
}
