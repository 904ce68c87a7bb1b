package io.darkroom.e2e;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.darkroom.contracts.OutputSpec;
import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.SourceRef;
import io.darkroom.local.DarkroomClient;
import io.darkroom.local.JobSpec;
import io.darkroom.local.JobStatus;
import io.darkroom.local.LocalAuth;
import io.darkroom.local.Stack;
import java.time.Duration;
import java.util.List;

/** Submitting through ingest's REST API and watching through process-service's, for the end-to-end tests. */
final class Jobs {
    private final DarkroomClient client;

    Jobs(Stack stack) {
        this(stack, LocalAuth.DemoUser.SUPERVISOR);
    }

    /** Jobs submitted and read as one of the stack's demo users. */
    Jobs(Stack stack, LocalAuth.DemoUser user) {
        this.client = stack.client(user);
    }

    static SourceRef media(String path) {
        return new SourceRef("media", path);
    }

    /** Submits a job of these sources with one recipe; returns the job id. */
    String submit(String name, List<SourceRef> sources, List<OutputSpec> outputs, Integer segmentFrames) {
        return client.submit(
                        new JobSpec(name, 50, null, sources, Recipe.of(outputs).withSegmentFrames(segmentFrames), null))
                .jobId();
    }

    /** Submits a job of these sources with a full recipe (ops, show, per-output ops); returns the job id. */
    String submit(String name, List<SourceRef> sources, Recipe recipe) {
        return client.submit(new JobSpec(name, 50, null, sources, recipe, null)).jobId();
    }

    /** The job, or null while process-service has not stored it yet. */
    JobStatus jobOrNull(String jobId) {
        try {
            return client.job(jobId);
        } catch (DarkroomClient.ApiException e) {
            if (e.status() == 404) {
                return null;
            }
            throw e;
        }
    }

    JsonNode json(String jobId) {
        return client.jobJson(jobId);
    }

    /** Waits until the job is in a terminal state and returns it. */
    JobStatus awaitTerminal(String jobId, Duration atMost) {
        return await("job " + jobId + " terminal")
                .atMost(atMost)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> jobOrNull(jobId), j -> j != null && j.terminal());
    }

    /** The job's tasks of one clip and kind. */
    static List<JsonNode> tasks(JobStatus job, JobStatus.Clip clip, String kind) {
        return job.tasksOfKind(kind).stream()
                .filter(t -> clip.id().equals(t.path("clipId").asText()))
                .toList();
    }

    /** The job's reason, then every clip's reason, for assertion messages. */
    static String describe(JobStatus job) {
        StringBuilder sb = new StringBuilder(job.state() + ": " + job.reason());
        job.clips().forEach(c -> sb.append("\n  ")
                .append(c.name())
                .append(' ')
                .append(c.state())
                .append(": ")
                .append(c.reason()));
        return sb.toString();
    }
}
