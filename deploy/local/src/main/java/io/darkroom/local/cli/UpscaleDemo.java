package io.darkroom.local.cli;

import io.darkroom.contracts.Recipe;
import io.darkroom.local.Approval;
import io.darkroom.local.DarkroomClient;
import io.darkroom.local.JobSpec;
import io.darkroom.local.JobStatus;
import io.darkroom.local.LocalAuth;
import io.darkroom.local.RepoPaths;
import io.darkroom.local.ServiceStartException;
import io.darkroom.local.Stack;
import io.darkroom.local.UpscaleModels;
import io.darkroom.models.registry.ModelMetadata;
import io.darkroom.models.registry.ModelRegistryException;
import io.darkroom.provenance.ManifestSigner;
import io.darkroom.provenance.ManifestVerifier;
import io.darkroom.provenance.SourceRoots;
import io.darkroom.provenance.VerificationReport;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * {@code demo-upscale}: AI upscale behind an approval gate, end to end on a stack of its own. Makes sure the
 * ESRGAN-slim x2 model is in the registry (imports it from npm when not), starts the stack with that registry,
 * submits the 10-bit VP9 clip with {@link UpscaleRecipe}, waits for the preview, prints it ({@code output:} lines for
 * every preview image and its manifest) and the evaluation table, then lets a person decide (or approves itself with
 * {@code --auto-approve}), waits for the render, checks the master like {@code demo} does, prints it and its
 * manifest, and verifies the signed manifests of the master and of every preview image with the site key.
 */
final class UpscaleDemo {
    private static final Logger LOG = Logger.getLogger(UpscaleDemo.class);
    static final String AUTO_NOTE = "approved automatically by ./darkroom demo-upscale --auto-approve after the"
            + " preview and evaluation were printed";
    static final String USAGE = "usage: darkroom demo-upscale [--auto-approve] [--workers N] [--timeout s]"
            + " [--state-dir DIR] [--registry DIR]";

    private final PrintStream out;
    private final PrintStream err;
    private final boolean interactive;

    UpscaleDemo(PrintStream out, PrintStream err, boolean interactive) {
        this.out = out;
        this.err = err;
        this.interactive = interactive;
    }

    int run(Args a) {
        if (!a.positional().isEmpty()) {
            throw CliException.usage(USAGE);
        }
        long t0 = System.nanoTime();
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path stateDir = Path.of(a.option(
                        "state-dir",
                        RepoPaths.repoRoot()
                                .resolve(".darkroom")
                                .resolve("upscale-" + stamp)
                                .toString()))
                .toAbsolutePath();
        int workers = a.intOption("workers", Stack.DEFAULT_WORKERS);
        if (workers < 1) {
            throw CliException.usage("--workers must be 1 or more");
        }
        Duration timeout = Duration.ofSeconds(a.intOption("timeout", 600));
        Path registry = a.option("registry", null) == null
                ? UpscaleModels.defaultRegistry()
                : Path.of(a.option("registry", null)).toAbsolutePath().normalize();
        Path clip = RepoPaths.sampleMedia().resolve(UpscaleRecipe.CLIP.path());
        if (!Files.isRegularFile(clip)) {
            throw CliException.failed("demo-upscale renders " + clip + ", which is missing from the repository's"
                    + " samples/media (restore it with git checkout -- samples)");
        }
        ModelMetadata model = model(registry);
        err.println("model " + model.name() + " " + model.version() + " (licence " + model.licence() + ", sha256 "
                + model.sha256() + ") in " + registry);
        Stack.Options options = Stack.Options.defaults().withWorkers(workers).withModelsDir(registry);
        err.println("starting the stack in " + stateDir + " (" + workers + " workers) ...");
        Stack stack;
        try {
            stack = Stack.start(stateDir, options);
        } catch (ServiceStartException e) {
            throw CliException.failed("the stack did not start: " + e.getMessage());
        }
        Signals.onTermination(stack::close);
        Timings timings = new Timings(t0);
        timings.mark("stack up");
        try {
            trust(stack, model);
            runJob(stack, stamp, a.flag("auto-approve"), timeout, timings);
            err.println("done (" + timings + "); stopping the stack");
            return 0;
        } finally {
            stack.close();
        }
    }

    private static ModelMetadata model(Path registry) {
        try {
            return UpscaleModels.ensure(registry);
        } catch (UpscaleModels.UnavailableException e) {
            throw CliException.failed(e.getMessage());
        } catch (ModelRegistryException e) {
            throw CliException.failed("model registry " + registry + ": " + e.getMessage());
        }
    }

    /** Registers the model in the stack's trusted catalog as the demo admin (recipes name trusted models only). */
    private void trust(Stack stack, ModelMetadata model) {
        try {
            UpscaleModels.trust(stack.client(LocalAuth.DemoUser.ADMIN), model);
        } catch (DarkroomClient.ApiException e) {
            throw CliException.failed(
                    "process-service refused to trust model " + model.name() + " (" + e.status() + "): " + e.detail());
        }
        err.println("model " + model.name() + " registered in the trusted model catalog as demo user "
                + LocalAuth.DemoUser.ADMIN.username());
    }

    private void runJob(Stack stack, String stamp, boolean autoApprove, Duration timeout, Timings timings) {
        LocalAuth.DemoUser artist = LocalAuth.DemoUser.ARTIST;
        LocalAuth.DemoUser supervisor = LocalAuth.DemoUser.SUPERVISOR;
        DarkroomClient client =
                new DarkroomClient(stack.ingestUrl(), stack.processUrl()).as(artist.username(), artist.password());
        err.println("signed in as demo user " + artist.username() + " (" + artist.role() + ") to submit");
        String hint = "service logs in " + stack.stateDir().resolve("logs");
        Recipe recipe = UpscaleRecipe.recipe();
        DarkroomClient.Submission s;
        try {
            s = client.submit(
                    new JobSpec("darkroom demo-upscale " + stamp, 50, null, List.of(UpscaleRecipe.CLIP), recipe, null));
        } catch (DarkroomClient.ApiException e) {
            throw CliException.failed("ingest refused the job (" + e.status() + "): " + e.detail());
        }
        String jobId = s.jobId();
        err.println("submitted job " + jobId + " (" + UpscaleRecipe.CLIP.path() + ", x" + UpscaleModels.SCALE + " "
                + UpscaleModels.NAME + " -> " + UpscaleRecipe.MASTER.preset() + ", approval required); status: "
                + s.statusUrl());

        // 1. the preview
        DarkroomClient.Gate gate = await(
                client,
                jobId,
                timeout,
                "the preview",
                g -> g.approval() != null
                        && (g.approval().ready() || g.approval().settled()),
                hint);
        Approval approval = gate.approval();
        if (gate.job().terminal() || approval == null) {
            throw CliException.failed(JobWatch.failure(gate.job()) + "; " + hint);
        }
        if (!approval.ready()) {
            throw CliException.failed("the preview of job " + jobId + " is " + approval.status()
                    + (approval.error() == null ? "" : ": " + approval.error()) + "; " + hint);
        }
        timings.mark("preview");
        List<Path> previews = new ArrayList<>();
        for (Approval.Preview p : approval.previews()) {
            previews.add(Path.of(p.path()));
            out.println("output: " + p.path());
            if (p.manifest() != null) {
                out.println("output: " + p.manifest());
            }
        }
        ApprovalCommands.printEvaluation(approval, out);
        out.flush();
        if (previews.isEmpty()) {
            throw CliException.failed("the preview of job " + jobId + " is READY but lists no images; " + hint);
        }

        // 2. the decision
        if (autoApprove) {
            try {
                new DarkroomClient(stack.ingestUrl(), stack.processUrl())
                        .as(supervisor.username(), supervisor.password())
                        .approve(jobId, "model", AUTO_NOTE);
            } catch (DarkroomClient.ApiException e) {
                throw CliException.failed("process-service refused the approval (" + e.status() + "): " + e.detail());
            }
            err.println(
                    "approved as demo user " + supervisor.username() + " (" + supervisor.role() + ", method model)");
        } else {
            out.println("job " + jobId + " is waiting for approval. Sign in as a supervisor (not the submitter): ");
            out.println("  ./darkroom login " + supervisor.username() + " --process " + stack.processUrl()
                    + "   (demo password: " + supervisor.password() + ")");
            out.println("Decide in the web monitor (preview side by side and as a wipe, scores, approve or reject):");
            out.println("  " + client.approvalPage(jobId) + "   (sign in as " + supervisor.username() + ", password "
                    + supervisor.password() + ")");
            out.println("or look at the preview images above, then run one of:");
            out.println("  " + ApprovalCommands.approveCommand(jobId, stack.processUrl()));
            out.println("  " + ApprovalCommands.rejectCommand(jobId, stack.processUrl()));
            out.println("(--method lanczos approves plain lanczos3 in place of the model; ./darkroom preview " + jobId
                    + " --process " + stack.processUrl() + " shows the preview again)");
            out.flush();
            err.println("waiting up to " + timeout.toSeconds() + " s for a decision (Ctrl-C stops the stack) ...");
        }
        gate = await(
                client,
                jobId,
                timeout,
                "a decision",
                g -> g.approval() != null && g.approval().settled(),
                hint);
        approval = gate.approval();
        JobStatus job = gate.job();
        boolean rejected = approval != null && Approval.REJECTED.equals(approval.status());
        if (rejected || "CANCELLED".equals(job.state())) {
            String why = job.reason() != null
                    ? job.reason()
                    : rejected ? "rejected by " + approval.decidedBy() + ": " + approval.note() : "cancelled";
            throw CliException.failed("job " + jobId + " was " + why);
        }
        if (job.terminal()) {
            throw CliException.failed(JobWatch.failure(job) + "; " + hint);
        }
        if (approval == null || !Approval.APPROVED.equals(approval.status())) {
            throw CliException.failed("the approval of job " + jobId + " ended "
                    + (approval == null
                            ? "unknown"
                            : approval.status() + (approval.error() == null ? "" : ": " + approval.error()))
                    + "; " + hint);
        }
        err.println("approved by " + approval.decidedBy() + " (method " + approval.method() + ")"
                + (approval.note() == null ? "" : ": " + approval.note()));
        timings.mark("decision");

        // 3. the render, checked like the demo's outputs
        // (the job lists the previews among its artifacts: printed above already)
        List<Path> listed = new JobWatch(client, out, err, interactive)
                .awaitAndCheck(jobId, recipe, stack.infra().storageRoots(), timeout, hint, false, Set.copyOf(previews));
        job = client.job(jobId);
        List<Path> videos = new ArrayList<>();
        job.clips().forEach(c -> c.outputs().forEach(o -> videos.add(Path.of(o.path()))));
        for (Path v : videos) {
            Path manifest = ManifestSigner.manifestPath(v);
            if (!Files.isRegularFile(manifest)) {
                throw CliException.failed("no provenance manifest beside " + v + " (" + manifest + ")");
            }
            if (!listed.contains(manifest)) { // process-service lists it as an artifact (kind provenance)
                out.println("output: " + manifest);
            }
        }
        out.flush();
        timings.mark("render");

        // 4. provenance: the master and every preview image, with the site key
        verify(stack, videos, previews, approval);
        timings.mark("verify");
    }

    private void verify(Stack stack, List<Path> videos, List<Path> previews, Approval approval) {
        Map<String, Path> roots = stack.infra().storageRoots();
        Path key = stack.provenanceKeyDir();
        SourceRoots sources = new SourceRoots(roots);
        List<String> problems = new ArrayList<>();
        List<Path> all = new ArrayList<>(videos);
        all.addAll(previews);
        for (Path file : all) {
            VerificationReport r = ManifestVerifier.verify(file, Optional.of(key), sources);
            if (!r.ok()) {
                err.print(r.toText());
                problems.add(file + ": " + r.failures().size() + " check(s) failed");
                continue;
            }
            if (videos.contains(file) && r.manifest() != null) {
                if (r.manifest().approvedBy() == null
                        || !Objects.equals(r.manifest().approvedBy().name(), approval.decidedBy())) {
                    problems.add(file + ": its manifest says approvedBy "
                            + r.manifest().approvedBy() + ", the job was approved by " + approval.decidedBy());
                    continue;
                }
                boolean model = !"lanczos".equals(approval.method());
                if (r.manifest().aiTouched() != model) {
                    problems.add(file + ": approved with method " + approval.method() + " but its manifest says"
                            + (r.manifest().aiTouched() ? " an AI model touched it" : " no AI model touched it"));
                    continue;
                }
            }
            out.println("VERIFIED: " + file);
        }
        out.flush();
        if (!problems.isEmpty()) {
            throw CliException.failed(
                    "provenance verification failed (key " + key + "):\n  " + String.join("\n  ", problems));
        }
    }

    private DarkroomClient.Gate await(
            DarkroomClient client,
            String jobId,
            Duration timeout,
            String what,
            Predicate<DarkroomClient.Gate> done,
            String hint) {
        ProgressBar bar = new ProgressBar(err, interactive);
        String[] lastGate = {null};
        try {
            return client.awaitGate(
                    jobId,
                    timeout,
                    g -> {
                        String status =
                                g.approval() == null ? null : g.approval().status();
                        if (status != null && !status.equals(lastGate[0])) {
                            bar.finish();
                            err.println("approval: " + status);
                            lastGate[0] = status;
                        }
                        bar.update(g.job());
                    },
                    done);
        } catch (DarkroomClient.JobTimeoutException e) {
            throw CliException.failed("waited " + timeout.toSeconds() + " s for " + what + " of job " + jobId
                    + (e.last() == null ? "" : " (job " + e.last().state() + ")") + "; " + hint);
        } finally {
            bar.finish();
        }
    }

    /** Seconds per phase, for the closing line. */
    private static final class Timings {
        private final List<String> phases = new ArrayList<>();
        private long last;
        private final long start;

        Timings(long start) {
            this.start = start;
            this.last = start;
        }

        void mark(String phase) {
            long now = System.nanoTime();
            phases.add(String.format(Locale.ROOT, "%s %.1f s", phase, (now - last) / 1e9));
            LOG.infof("%s: %.1f s", phase, (now - last) / 1e9);
            last = now;
        }

        @Override
        public String toString() {
            return String.join(", ", phases)
                    + String.format(Locale.ROOT, "; total %.1f s", (System.nanoTime() - start) / 1e9);
        }
    }
}
