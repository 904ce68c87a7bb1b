package io.darkroom.local.cli;

import io.darkroom.contracts.Json;
import io.darkroom.contracts.Recipe;
import io.darkroom.local.DarkroomClient;
import io.darkroom.local.JobSpec;
import io.darkroom.local.JobStatus;
import io.darkroom.local.LocalAuth;
import io.darkroom.local.RepoPaths;
import io.darkroom.local.ServiceStartException;
import io.darkroom.local.Stack;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/** {@code demo}, {@code submit} and {@code status}. */
final class JobCommands {
    private static final Logger LOG = Logger.getLogger(JobCommands.class);

    private final PrintStream out;
    private final PrintStream err;
    private final boolean interactive;

    JobCommands(PrintStream out, PrintStream err, boolean interactive) {
        this.out = out;
        this.err = err;
        this.interactive = interactive;
    }

    /** Starts a stack of its own, runs one job of real clips through it, checks every output, stops the stack. */
    int demo(Args a) {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path stateDir = Path.of(a.option(
                        "state-dir",
                        RepoPaths.repoRoot()
                                .resolve(".darkroom")
                                .resolve("demo-" + stamp)
                                .toString()))
                .toAbsolutePath();
        int workers = a.intOption("workers", Stack.DEFAULT_WORKERS);
        Duration timeout = Duration.ofSeconds(a.intOption("timeout", 600));
        DemoMedia media =
                a.flag("generated-media") ? DemoMedia.generate(stateDir.resolve("media")) : DemoMedia.samples();
        Stack.Options options = Stack.Options.defaults().withWorkers(workers);
        if (media.generated()) {
            options = options.withRoot("media", media.mediaRoot());
        }
        err.println("starting the stack in " + stateDir + " (" + workers + " workers) ...");
        Stack stack = startStack(stateDir, options);
        Signals.onTermination(stack::close);
        try {
            Recipe recipe = DemoRecipe.recipe(!media.generated());
            JobSpec spec = new JobSpec("darkroom-demo " + stamp, 50, null, media.sources(), recipe, null);
            LocalAuth.DemoUser artist = LocalAuth.DemoUser.ARTIST;
            DarkroomClient client =
                    new DarkroomClient(stack.ingestUrl(), stack.processUrl()).as(artist.username(), artist.password());
            err.println("signed in as demo user " + artist.username() + " (" + artist.role() + ")");
            DarkroomClient.Submission s = client.submit(spec);
            err.println("submitted job " + s.jobId() + " (" + s.clips() + " clips); status: " + s.statusUrl());
            new JobWatch(client, out, err, interactive)
                    .awaitAndCheck(
                            s.jobId(),
                            recipe,
                            stack.infra().storageRoots(),
                            timeout,
                            "service logs in " + stateDir.resolve("logs"),
                            true);
            err.println("all outputs passed their checks; stopping the stack");
            return 0;
        } finally {
            stack.close();
        }
    }

    /** POSTs a job file to ingest, prints the job id, and with {@code --wait} follows it like the demo. */
    int submit(Args a) {
        if (a.positional().size() != 1) {
            throw CliException.usage("usage: darkroom submit <job.json> [--wait] [--no-check] [--timeout seconds]");
        }
        Path jobFile = Path.of(a.positional().get(0));
        String json;
        try {
            json = Files.readString(jobFile);
        } catch (IOException e) {
            throw CliException.usage("cannot read " + jobFile + ": " + e.getMessage());
        }
        JobSpec spec;
        try {
            spec = Json.read(json, JobSpec.class);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(jobFile + " is not a job file: " + e.getMessage());
        }
        Endpoints ep = endpoints(a);
        DarkroomClient client = new DarkroomClient(ep.ingest(), ep.process(), Credentials.requireToken());
        DarkroomClient.Submission s;
        try {
            s = client.submitJson(json);
        } catch (DarkroomClient.ApiException e) {
            throw CliException.failed("ingest refused the job (" + e.status() + "): " + e.body());
        }
        out.println(s.jobId());
        out.flush();
        if (!a.flag("wait")) {
            return 0;
        }
        Duration timeout = Duration.ofSeconds(a.intOption("timeout", 3600));
        new JobWatch(client, out, err, interactive)
                .awaitAndCheck(
                        s.jobId(), spec.recipe(), a.flag("no-check") ? null : ep.roots(), timeout, ep.logHint(), false);
        return 0;
    }

    /**
     * Prints a job's state, reason, every clip's state and outputs; with {@code --json}, process-service's whole view
     * of the job as it answered it (tasks with their workers and times, history), for scripts such as the benches.
     */
    int status(Args a) {
        if (a.positional().size() != 1) {
            throw CliException.usage("usage: darkroom status <jobId> [--json]");
        }
        Endpoints ep = endpoints(a);
        if (a.flag("json")) {
            try {
                out.println(new DarkroomClient(ep.ingest(), ep.process(), Credentials.requireToken())
                        .jobJson(a.positional().get(0))
                        .toPrettyString());
                out.flush();
                return 0;
            } catch (DarkroomClient.ApiException e) {
                throw CliException.failed(
                        e.status() == 404 ? "no job " + a.positional().get(0) : e.getMessage());
            }
        }
        JobStatus job;
        try {
            job = new DarkroomClient(ep.ingest(), ep.process(), Credentials.requireToken())
                    .job(a.positional().get(0));
        } catch (DarkroomClient.ApiException e) {
            throw CliException.failed(
                    e.status() == 404 ? "no job " + a.positional().get(0) : e.getMessage());
        }
        out.println("job " + job.id() + " (" + job.name() + "): " + job.state()
                + (job.reason() == null ? "" : " - " + job.reason()));
        if (job.progress() != null) {
            out.printf(
                    "progress: %d/%d tasks (%.0f%%)%n",
                    job.progress().tasksDone(),
                    job.progress().tasksTotal(),
                    job.progress().percent());
        }
        for (JobStatus.Clip c : job.clips()) {
            out.println("clip " + c.name() + " (" + c.source() + "): " + c.state()
                    + (c.reason() == null ? "" : " - " + c.reason()));
            c.outputs().forEach(o -> out.println("  output " + o.name() + " (" + o.preset() + "): " + o.path()));
        }
        job.artifacts()
                .forEach(x -> out.println(
                        "artifact " + x.kind() + (x.clip() == null ? "" : " (" + x.clip() + ")") + ": " + x.path()));
        out.flush();
        return 0;
    }

    private Stack startStack(Path stateDir, Stack.Options options) {
        try {
            return Stack.start(stateDir, options);
        } catch (ServiceStartException e) {
            throw CliException.failed("the stack did not start: " + e.getMessage());
        }
    }

    /** Where the running stack answers, from {@code --ingest/--process} or {@code .darkroom/stack.json}. */
    record Endpoints(String ingest, String process, Map<String, Path> roots, String logHint) {}

    static Endpoints endpoints(Args a) {
        return endpoints(a, true);
    }

    /** @param needIngest false for commands that talk to process-service only (ingest may then be null) */
    static Endpoints endpoints(Args a, boolean needIngest) {
        Optional<StackFile> sf = StackFile.read(StackFile.location());
        String ingest = a.option("ingest", sf.map(StackFile::ingestUrl).orElse(null));
        String process = a.option("process", sf.map(StackFile::processUrl).orElse(null));
        if ((needIngest && ingest == null) || process == null) {
            throw CliException.failed("no stack is running (" + StackFile.location() + " is missing): start one with"
                    + " ./darkroom up, or pass " + (needIngest ? "--ingest <url> " : "") + "--process <url>");
        }
        if (sf.isPresent() && sf.get().daemon().isEmpty()) {
            LOG.warnf(
                    "%s names daemon pid %d, which is not running",
                    StackFile.location(), sf.get().daemonPid());
        }
        return new Endpoints(
                ingest,
                process,
                sf.map(StackFile::rootPaths).orElse(null),
                sf.map(s -> "service logs in " + Path.of(s.stateDir()).resolve("logs"))
                        .orElse("see the service logs"));
    }
}
