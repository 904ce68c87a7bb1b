package io.darkroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.darkroom.contracts.Actor;
import io.darkroom.contracts.Json;
import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.OutputSpec;
import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.SourceRef;
import io.darkroom.contracts.ops.Op;
import io.darkroom.local.Approval;
import io.darkroom.local.DarkroomClient;
import io.darkroom.local.JobStatus;
import io.darkroom.local.LocalAuth;
import io.darkroom.local.OutputChecks;
import io.darkroom.local.RepoPaths;
import io.darkroom.local.Stack;
import io.darkroom.local.UpscaleModels;
import io.darkroom.media.Ffmpeg;
import io.darkroom.media.Probe;
import io.darkroom.models.registry.ModelMetadata;
import io.darkroom.models.tfjs.NpmPack;
import io.darkroom.provenance.ManifestSigner;
import io.darkroom.provenance.ManifestVerifier;
import io.darkroom.provenance.SourceRoots;
import io.darkroom.provenance.VerificationReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The approval gate end to end: an upscale recipe with {@code "approval": "required"} on the 10-bit VP9 clip
 * (426x240, 72 frames), the ESRGAN-slim x2 model imported from npm into the stack's registry. One job waits in
 * AWAITING_APPROVAL with a READY preview (PNG panels source | lanczos | model, each signed, an evaluation of the
 * model against lanczos3 and bicubic), refuses malformed decisions (422), is approved with lanczos and renders an
 * 852x480 10-bit ProRes master whose manifest names the approver and the lanczos op; a second job is rejected and
 * ends CANCELLED with the note and no output. Both jobs are submitted up front so their previews render together.
 */
@ExtendWith(StackExtension.class)
class ApprovalIT {
    static final SourceRef CLIP = Jobs.media("webm/vp9_profile2_10bit_roadtrip.webm");
    static final int SRC_W = 426;
    static final int SRC_H = 240;
    static final long FRAMES = 72;
    static final int SCALE = UpscaleModels.SCALE;
    /** The approver: the stack's demo supervisor (signed in through POST /auth/token). */
    static final LocalAuth.DemoUser SUPERVISOR = LocalAuth.DemoUser.SUPERVISOR;

    static final String TESTER = SUPERVISOR.displayName();
    static final String APPROVE_NOTE = "lanczos: the model sharpens the gravel too much";
    static final String REJECT_NOTE = "haloes along the horizon";
    static final OutputSpec MASTER = OutputSpec.of("master", "prores-hq", 1920, 1080);
    static final Duration PREVIEW_TIMEOUT = Duration.ofMinutes(4);

    static Stack stack;
    static Jobs jobs;
    static DarkroomClient client;
    static DarkroomClient artist;
    static ModelMetadata model;
    static String approvedJob;
    static String rejectedJob;

    static Recipe recipe(int previewFrames) {
        return Recipe.of(List.of(MASTER))
                .withSegmentFrames(36)
                .withOps(List.of(new Op.Upscale(UpscaleModels.NAME, SCALE, 128, 16, null, Op.Upscale.Device.AUTO)))
                .withShow("E2E Approval")
                .withApproval(Recipe.APPROVAL_REQUIRED)
                .withPreviewFrames(previewFrames);
    }

    @BeforeAll
    static void setUp(Stack s) {
        assumeThat(NpmPack.npmAvailable())
                .as("npm is not on the PATH: the upscale model cannot be imported from " + UpscaleModels.PACKAGE)
                .isTrue();
        model = UpscaleModels.ensure(
                StackExtension.modelsDir(), RepoPaths.repoRoot().resolve("e2e/target/npm"));
        stack = s;
        // recipes run trusted models only: the stack's admin registers the imported model in the catalog
        UpscaleModels.trust(s.client(LocalAuth.DemoUser.ADMIN), model);
        jobs = new Jobs(s, SUPERVISOR);
        client = s.client(SUPERVISOR);
        artist = s.client(LocalAuth.DemoUser.ARTIST);
        // the artist submits the job the supervisor approves; the supervisor submits the one she rejects
        approvedJob = new Jobs(s, LocalAuth.DemoUser.ARTIST)
                .submit("e2e approval: approved with lanczos", List.of(CLIP), recipe(2));
        rejectedJob = jobs.submit("e2e approval: rejected", List.of(CLIP), recipe(1));
    }

    @Test
    void aPreviewIsApprovedWithLanczosAndTheMasterSaysWhoApproved() throws IOException {
        Approval gate = awaitReady(approvedJob);

        assertThat(gate.model()).isEqualTo(UpscaleModels.NAME);
        assertThat(gate.scale()).isEqualTo(SCALE);
        assertThat(gate.method()).isNull();
        assertThat(gate.previews()).as("previewFrames 2 of one clip").hasSize(2);
        for (Approval.Preview p : gate.previews()) {
            assertPreviewImage(p);
        }
        assertThat(gate.evaluation()).singleElement().satisfies(e -> {
            assertThat(e.scale()).isEqualTo(SCALE);
            assertThat(e.scores()).extracting(Approval.Score::method).contains(model.name(), "lanczos3", "bicubic");
            for (String method : List.of(model.name(), "lanczos3", "bicubic")) {
                Approval.Score score = e.score(method).orElseThrow();
                assertThat(score.psnr()).as(method + " PSNR").isGreaterThan(20.0);
                assertThat(score.ssim()).as(method + " SSIM").isBetween(0.0, 1.0);
            }
        });

        // malformed decisions are refused with the service's error JSON and change nothing
        assertRefused(() -> client.approve(approvedJob, "magic", null), 422);
        assertRefused(() -> client.reject(approvedJob, null), 422);
        // the artist who submitted it may not approve: 403 naming the role
        assertThat(assertRefused(() -> artist.approve(approvedJob, "model", null), 403))
                .contains("supervisor");
        assertThat(jobs.jobOrNull(approvedJob).state()).isEqualTo("AWAITING_APPROVAL");

        JsonNode view = client.approve(approvedJob, "lanczos", APPROVE_NOTE);
        assertThat(view.path("id").asText()).isEqualTo(approvedJob);
        assertThat(view.path("state").asText()).isNotEqualTo("AWAITING_APPROVAL");
        // decided once: a second decision finds the job no longer waiting
        assertRefused(() -> client.reject(approvedJob, "too late"), 409);

        JobStatus job = jobs.awaitTerminal(approvedJob, Duration.ofMinutes(5));

        assertThat(job.state()).as(Jobs.describe(job)).isEqualTo("SUCCEEDED");
        Approval decided = client.approval(approvedJob);
        assertThat(decided.status()).isEqualTo(Approval.APPROVED);
        assertThat(decided.method()).isEqualTo("lanczos");
        assertThat(decided.decidedBy()).isEqualTo(TESTER);
        assertThat(decided.note()).isEqualTo(APPROVE_NOTE);
        assertThat(decided.decidedAt()).isNotBlank();
        assertThat(job.history())
                .as("history " + job.history())
                .anySatisfy(h -> assertThat(h.path("to").asText()).isEqualTo("AWAITING_APPROVAL"))
                .anySatisfy(h -> {
                    assertThat(h.path("from").asText()).isEqualTo("AWAITING_APPROVAL");
                    assertThat(h.path("to").asText()).isEqualTo("PLANNED");
                    assertThat(h.path("reason").asText())
                            .contains("approved by " + TESTER)
                            .contains("lanczos");
                });

        // the master: 2 x 426x240, 10-bit ProRes, every frame, checked as the demo checks its outputs
        OutputChecks.Result checked = new OutputChecks(stack.infra().storageRoots()).check(job, recipe(2));
        assertThat(checked.problems()).as("client-side output checks").isEmpty();
        Path master = checked.outputs().get(0).path();
        MediaInfo m = Probe.probe(master);
        assertThat(m.width()).isEqualTo(SCALE * SRC_W);
        assertThat(m.height()).isEqualTo(SCALE * SRC_H);
        assertThat(m.pixelFormat()).isEqualTo("yuv422p10le");
        assertThat(m.videoCodec()).isEqualTo("prores");
        assertThat(m.frameCount()).isEqualTo(FRAMES);

        // its signed manifest: verified with the site key, names the approver and the lanczos op, no AI model
        VerificationReport report = verify(master);
        assertThat(report.ok()).as(report.toText()).isTrue();
        assertThat(report.findings()).as("the source was hashed and matched").anySatisfy(f -> {
            assertThat(f.check()).isEqualTo(VerificationReport.Check.SOURCE);
            assertThat(f.status()).isEqualTo(VerificationReport.Status.OK);
        });
        // ... by the supervisor's authenticated identity, and the artist as the submitter
        assertThat(report.manifest().approvedBy())
                .isEqualTo(new Actor(SUPERVISOR.username(), SUPERVISOR.displayName(), Actor.DARKROOM_ISSUER));
        assertThat(report.manifest().submittedBy())
                .isEqualTo(new Actor(
                        LocalAuth.DemoUser.ARTIST.username(),
                        LocalAuth.DemoUser.ARTIST.displayName(),
                        Actor.DARKROOM_ISSUER));
        assertThat(report.manifest().approvedAt()).isNotNull();
        // the manifest's note says which method was approved, then the person's note
        assertThat(report.manifest().approvalNote()).contains("lanczos3").contains(APPROVE_NOTE);
        assertThat(report.manifest().aiTouched()).as("lanczos is no AI op").isFalse();
        JsonNode ops = report.manifest().recipe().path("ops");
        assertThat(ops).as("recipe ops in the manifest: " + ops).hasSize(1);
        assertThat(ops.get(0).path("op").asText()).isEqualTo("lanczosUpscale");
        assertThat(ops.get(0).path("scale").asInt()).isEqualTo(SCALE);
        // every segment says what ran its upscale: lanczos3 in Java on the worker
        assertThat(report.manifest().segments()).isNotEmpty().allSatisfy(seg -> assertThat(seg.upscaledBy())
                .isEqualTo("java"));
    }

    @Test
    void aRejectedJobEndsCancelledWithTheNoteAndNoOutput() throws IOException {
        Approval gate = awaitReady(rejectedJob);
        assertThat(gate.previews())
                .as("previewFrames 1 of one clip")
                .singleElement()
                .satisfies(ApprovalIT::assertPreviewImage);

        // separation of duties: the supervisor submitted this job, so she cannot approve it (but may reject it)
        assertThat(assertRefused(() -> client.approve(rejectedJob, "model", null), 403))
                .contains("separation of duties");
        JsonNode view = client.reject(rejectedJob, REJECT_NOTE);
        assertThat(view.path("state").asText()).isEqualTo("CANCELLED");

        JobStatus job = jobs.awaitTerminal(rejectedJob, Duration.ofSeconds(30));
        assertThat(job.state()).isEqualTo("CANCELLED");
        assertThat(job.reason()).contains("rejected by " + TESTER).contains(REJECT_NOTE);
        Approval decided = client.approval(rejectedJob);
        assertThat(decided.status()).isEqualTo(Approval.REJECTED);
        assertThat(decided.decidedBy()).isEqualTo(TESTER);
        assertThat(decided.note()).isEqualTo(REJECT_NOTE);
        assertThat(job.clips()).allSatisfy(c -> assertThat(c.outputs())
                .as(c.name() + " outputs")
                .allSatisfy(o -> assertThat(o.path()).as(o.name() + " path").isNull()));
        assertThat(job.tasks())
                .as("nothing rendered")
                .noneSatisfy(t -> assertThat(t.path("state").asText()).isIn("RUNNING", "DONE"));
        Path destination = stack.infra().storageRoots().get("out").resolve(rejectedJob);
        assertThat(videoFiles(destination)).as("video files in " + destination).isEmpty();
        assertRefused(() -> client.approve(rejectedJob, "model", null), 409);

        // the audit trail of both jobs: who tried what, and how it ended
        JsonNode audit = client.audit(rejectedJob, null, null);
        assertThat(audit.findValuesAsText("action")).containsSubsequence("approve", "reject", "approve");
        assertThat(audit.findValuesAsText("status")).containsSubsequence("403", "200", "409");
        assertThat(audit.findValuesAsText("actorSubject")).containsOnly(SUPERVISOR.username());
        JsonNode approvedAudit = client.audit(approvedJob, null, null);
        assertThat(approvedAudit.findValuesAsText("actorSubject"))
                .contains(LocalAuth.DemoUser.ARTIST.username(), SUPERVISOR.username());
        assertThat(approvedAudit.findValuesAsText("outcome")).contains("refused", "ok");
        // an artist does not read the audit trail
        assertRefused(() -> artist.audit(approvedJob, null, null), 403);
    }

    /** Waits until the job is AWAITING_APPROVAL with its preview READY; fails early when the gate fails. */
    private static Approval awaitReady(String jobId) {
        DarkroomClient.Gate gate = await("preview of " + jobId + " READY")
                .atMost(PREVIEW_TIMEOUT)
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> gate(jobId),
                        g -> g != null
                                && (g.job().terminal()
                                        || (g.approval() != null
                                                && (g.approval().ready()
                                                        || g.approval().settled()))));
        assertThat(gate.job().state()).as(Jobs.describe(gate.job())).isEqualTo("AWAITING_APPROVAL");
        assertThat(gate.approval().status())
                .as("gate error: " + gate.approval().error())
                .isEqualTo(Approval.READY);
        assertThat(gate.job().gated()).as("the job view names its gate").isTrue();
        return gate.approval();
    }

    private static DarkroomClient.Gate gate(String jobId) {
        JobStatus job = jobs.jobOrNull(jobId);
        if (job == null) {
            return null;
        }
        try {
            return new DarkroomClient.Gate(job, client.approval(jobId));
        } catch (DarkroomClient.ApiException e) {
            if (e.status() == 404) {
                return new DarkroomClient.Gate(job, null);
            }
            throw e;
        }
    }

    /** A PNG that decodes, three upscaled panels wide, with its signed manifest beside it. */
    private static void assertPreviewImage(Approval.Preview p) {
        Path png = Path.of(p.path());
        assertThat(png).isAbsolute().isRegularFile();
        assertThat(p.manifest()).isEqualTo(ManifestSigner.manifestPath(png).toString());
        assertThat(p.frame()).isBetween(0L, FRAMES - 1);
        Ffmpeg.Result r = Ffmpeg.ffprobe(
                List.of(
                        "-v",
                        "error",
                        "-show_entries",
                        "stream=codec_name,width,height",
                        "-of",
                        "json",
                        png.toString()),
                Duration.ofSeconds(30));
        assertThat(r.ok()).as(r.stderrTail()).isTrue();
        JsonNode stream;
        try {
            stream = Json.mapper().readTree(r.stdout()).path("streams").get(0);
        } catch (IOException e) {
            throw new AssertionError("ffprobe answered no JSON: " + r.stdout(), e);
        }
        assertThat(stream.path("codec_name").asText()).isEqualTo("png");
        int width = stream.path("width").asInt();
        int height = stream.path("height").asInt();
        assertThat(width).as("preview width").isEqualTo(p.width());
        assertThat(height).as("preview height").isEqualTo(p.height());
        // source | lanczos | model side by side, each panel the whole upscaled picture (426x240 is inside the
        // preview's default crop of 480x270), a caption strip below (process-service PreviewSheet)
        assertThat(width).as("three %dx panels of %d", SCALE, SRC_W).isEqualTo(3 * SCALE * SRC_W);
        assertThat(height).as("one panel of %d plus the caption", SCALE * SRC_H).isGreaterThan(SCALE * SRC_H);
        assertThat(width).isGreaterThan(3 * height / 2);
        VerificationReport report = verify(png);
        assertThat(report.ok()).as(report.toText()).isTrue();
    }

    private static VerificationReport verify(Path file) {
        Path key = stack.provenanceKeyDir();
        return ManifestVerifier.verify(
                file, Optional.of(key), new SourceRoots(stack.infra().storageRoots()));
    }

    /** The call fails with {@code status} and a JSON error body ({@code ApiError}); returns its error sentence. */
    private static String assertRefused(Runnable call, int status) {
        DarkroomClient.ApiException e = catchThrowableOfType(DarkroomClient.ApiException.class, call::run);
        assertThat(e).as("refused with " + status).isNotNull();
        assertThat(e.status()).as(e.getMessage()).isEqualTo(status);
        JsonNode body;
        try {
            body = Json.mapper().readTree(e.body());
        } catch (IOException ex) {
            throw new AssertionError("error body is not JSON: " + e.body(), ex);
        }
        assertThat(body.path("problem").asText()).as(e.body()).isNotBlank();
        assertThat(body.path("error").asText()).as(e.body()).isNotBlank();
        return body.path("error").asText();
    }

    private static List<Path> videoFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> {
                        String n = f.getFileName().toString();
                        return n.endsWith(".mov") || n.endsWith(".part") || n.endsWith(".mkv") || n.endsWith(".mp4");
                    })
                    .toList();
        }
    }
}
