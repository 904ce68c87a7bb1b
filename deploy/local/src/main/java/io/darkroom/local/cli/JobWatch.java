package io.darkroom.local.cli;

import io.darkroom.contracts.JobState;
import io.darkroom.contracts.OutputSpec;
import io.darkroom.local.DarkroomClient;
import io.darkroom.local.JobStatus;
import io.darkroom.local.OutputChecks;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
     * @param roots storage roots for the checks, or null to skip them (asked to, or the sources cannot be found)
     * @param hint  where to look when something went wrong (log folder), for error messages
     * @param requireArtifacts the job must list an ALE, a contact sheet and a poster per clip (the demo); without
     *                         it, the artifacts listed are checked and printed, none is required
     * @return the outputs' and artifacts' absolute paths, once printed
     * @throws CliException when the job does not succeed in time or an output fails a check
     */
    List<Path> awaitAndCheck(String jobId, List<OutputSpec> recipeOutputs, Map<String, Path> roots, Duration timeout,
            String hint, boolean requireArtifacts) {
        ProgressBar bar = new ProgressBar(err, interactive);
        JobStatus job;
        try {
            job = client.awaitTerminal(jobId, timeout, bar::update);
        } catch (DarkroomClient.JobTimeoutException e) {
            throw CliException.failed(e.getMessage() + "; " + hint);
        } finally {
            bar.finish();
        }
        if (job.jobState() != JobState.SUCCEEDED) {
            throw CliException.failed(failure(job) + "; " + hint);
        }
        List<Path> files = new ArrayList<>();
        if (roots == null) {
            LOG.info("outputs not checked here (--no-check, or no stack file to find the sources)");
            job.clips().forEach(c -> c.outputs().forEach(o -> files.add(Path.of(o.path()))));
        } else {
            OutputChecks.Result result = new OutputChecks(roots).check(job, recipeOutputs);
            if (!result.passed()) {
                throw CliException.failed("job " + jobId + " SUCCEEDED but its outputs failed the checks:\n  "
                        + String.join("\n  ", result.problems()));
            }
            result.outputs().forEach(c -> {
                LOG.infof("checked %s/%s: %d frames, %dx%d, %s, audio streams %d", c.clip(), c.output(),
                        c.report().frames(), c.report().width(), c.report().height(), c.report().codec(),
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
        job.artifacts().stream().filter(x -> !List.of("poster", "contactSheet", "ale").contains(x.kind()))
                .forEach(x -> files.add(Path.of(x.path())));
        files.forEach(f -> out.println("output: " + f.toAbsolutePath()));
        out.flush();
        return files;
    }

    /** The job's reason and every failed clip's reason, on one message. */
    static String failure(JobStatus job) {
        StringBuilder sb = new StringBuilder("job " + job.id() + " ended " + job.state());
        if (job.reason() != null) {
            sb.append(": ").append(job.reason());
        }
        for (JobStatus.Clip c : job.clips()) {
            if (c.reason() != null) {
                sb.append("\n  clip ").append(c.name()).append(" (").append(c.source()).append(") ")
                        .append(c.state()).append(": ").append(c.reason());
            }
        }
        return sb.toString();
    }
}
