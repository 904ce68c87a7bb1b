package io.darkroom.local.cli;

import io.darkroom.contracts.JobState;
import io.darkroom.contracts.Recipe;
import io.darkroom.local.DarkroomClient;
import io.darkroom.local.JobStatus;
import io.darkroom.local.OutputChecks;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Waits for a job with a progress bar, then checks its outputs itself and prints one {@code output: <path>} line per
 * file on stdout. Shared by {@code demo} and {@code submit --wait}.
 */
final class JobWatch {
    private static final Logger LOG = Logger.getLogger(JobWatch.class);

    private final DarkroomClient client;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean interactive;

    JobWatch(DarkroomClient client, PrintStream out, PrintStream err, boolean interactive) {
        this.client = client;
        this.out = out;
        this.err = err;
        this.interactive = interactive;
    }

    /**
     * @param recipe the job's recipe (its outputs and ops say what each output must be); null = no outputs known
     * @param roots storage roots for the checks, or null to skip them (asked to, or the sources cannot be found)
     * @param hint  where to look when something went wrong (log folder), for error messages
     * @param requireArtifacts the job must list an ALE, a contact sheet and a poster per clip (the demo); without
     *                         it, the artifacts listed are checked and printed, none is required
     * @return the outputs' and artifacts' absolute paths, once printed
     * @throws CliException when the job does not succeed in time or an output fails a check
     */
    List<Path> awaitAndCheck(
            String jobId,
            Recipe recipe,
            Map<String, Path> roots,
            Duration timeout,
            String hint,
            boolean requireArtifacts) {
        return awaitAndCheck(jobId, recipe, roots, timeout, hint, requireArtifacts, Set.of());
    }

    /**
     * As {@link #awaitAndCheck(String, Recipe, Map, Duration, String, boolean)}, without printing the files in
     * {@code printed} again (approval previews the caller printed before the job rendered).
     */
    List<Path> awaitAndCheck(
            String jobId,
            Recipe recipe,
            Map<String, Path> roots,
            Duration timeout,
            String hint,
            boolean requireArtifacts,
            Set<Path> printed) {
        ProgressBar bar = new ProgressBar(err, interactive);
        JobStatus job;
        try {
            boolean[] hinted = {false};
            job = client.awaitTerminal(jobId, timeout, j -> {
                if ("AWAITING_APPROVAL".equals(j.state()) && !hinted[0]) {
                    hinted[0] = true;
                    bar.finish();
                    err.println("job " + jobId + " is waiting for approval: decide in the web monitor at "
                            + client.approvalPage(jobId) + ", or see ./darkroom preview " + jobId
                            + ", then (signed in as a supervisor) ./darkroom approve " + jobId
                            + " [--method model|lanczos] or"
                            + " ./darkroom reject " + jobId + " --note TEXT");
                }
                bar.update(j);
            });
        } catch (DarkroomClient.JobTimeoutException e) {
            throw CliException.failed(e.getMessage() + "; " + hint);
        } finally {
            bar.finish();
        }
        if (job.jobState() != JobState.SUCCEEDED) {
            throw CliException.failed(failure(job) + "; " + hint);
        }
        warnings(job).forEach(w -> err.println("warning: " + w));
        List<Path> files = new ArrayList<>();
        if (roots == null) {
            LOG.info("outputs not checked here (--no-check, or no stack file to find the sources)");
            job.clips().forEach(c -> c.outputs().forEach(o -> files.add(Path.of(o.path()))));
        } else {
            OutputChecks.Result result =
                    new OutputChecks(roots).check(job, recipe == null ? Recipe.of(List.of()) : recipe);
            if (!result.passed()) {
                throw CliException.failed("job " + jobId + " SUCCEEDED but its outputs failed the checks:\n  "
                        + String.join("\n  ", result.problems()));
            }
            result.outputs().forEach(c -> {
                LOG.infof(
                        "checked %s/%s: %d frames, %dx%d, %s, audio streams %d",
                        c.clip(),
                        c.output(),
                        c.report().frames(),
                        c.report().width(),
                        c.report().height(),
                        c.report().codec(),
                        c.report().audioStreams());
                files.add(c.path());
            });
        }
        if (roots != null) {
            List<String> problems = OutputChecks.checkArtifacts(job, requireArtifacts);
            if (!problems.isEmpty()) {
                throw CliException.failed("job " + jobId + " SUCCEEDED but its artifacts failed the checks:\n  "
                        + String.join("\n  ", problems));
            }
        }
        // posters, then the contact sheet, then the ALE, each after the videos
        for (String kind : List.of("poster", "contactSheet", "ale")) {
            job.artifactsOfKind(kind).forEach(x -> files.add(Path.of(x.path())));
        }
        job.artifacts().stream()
                .filter(x -> !List.of("poster", "contactSheet", "ale").contains(x.kind()))
                .forEach(x -> files.add(Path.of(x.path())));
        files.stream().filter(f -> !printed.contains(f)).forEach(f -> out.println("output: " + f.toAbsolutePath()));
        out.flush();
        return files;
    }

    /** The warnings of clips that ended DONE with a reason (a salvaged damaged source), one line each. */
    static List<String> warnings(JobStatus job) {
        return job.clips().stream()
                .filter(c -> "DONE".equals(c.state()) && c.reason() != null)
                .map(c -> "clip " + c.name() + " (" + c.source() + "): " + c.reason())
                .toList();
    }

    /** The job's reason and every failed clip's reason, on one message. */
    static String failure(JobStatus job) {
        StringBuilder sb = new StringBuilder("job " + job.id() + " ended " + job.state());
        if (job.reason() != null) {
            sb.append(": ").append(job.reason());
        }
        for (JobStatus.Clip c : job.clips()) {
            if (c.reason() != null) {
                sb.append("\n  clip ")
                        .append(c.name())
                        .append(" (")
                        .append(c.source())
                        .append(") ")
                        .append(c.state())
                        .append(": ")
                        .append(c.reason());
            }
        }
        return sb.toString();
    }
}
