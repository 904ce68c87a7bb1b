package io.darkroom.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.darkroom.contracts.JobState;
import io.darkroom.contracts.SourceRef;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * What process-service answers on {@code GET /jobs/{id}}, as far as the command line and the end-to-end tests read
 * it. Tasks and history stay JSON trees: only a few of their fields are read (see {@link #tasks()}).
 *
 * <p>Tolerant of process-service versions: {@code artifacts} (posters, contact sheet, ALE) may be absent (empty
 * list), and a state this client's {@link JobState} does not know yet is reported by {@link #jobState()} as null and
 * counts as terminal only when it is one of the known terminal names. {@code approval} is the job's approval gate
 * as process-service summarises it in the job view (a JSON tree; null when the recipe asked for no approval):
 * the full gate is {@link DarkroomClient#approval(String)}.
 */
public record JobStatus(
        String id,
        String name,
        String state,
        String reason,
        Integer priority,
        Progress progress,
        List<Clip> clips,
        List<JsonNode> tasks,
        Integer promotions,
        List<JsonNode> history,
        List<Artifact> artifacts,
        JsonNode approval) {

    /** States after which a job never changes, by name (includes PARTIAL: some clips done, some failed). */
    static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "CANCELLED", "PARTIAL");

    public JobStatus {
        clips = clips == null ? List.of() : List.copyOf(clips);
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
        history = history == null ? List.of() : List.copyOf(history);
        artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
    }

    /** The job without an approval gate (an answer from before process-service had one, or a recipe without). */
    public JobStatus(
            String id,
            String name,
            String state,
            String reason,
            Integer priority,
            Progress progress,
            List<Clip> clips,
            List<JsonNode> tasks,
            Integer promotions,
            List<JsonNode> history,
            List<Artifact> artifacts) {
        this(id, name, state, reason, priority, progress, clips, tasks, promotions, history, artifacts, null);
    }

    /** The job without artifacts (an answer from before process-service made them). */
    public JobStatus(
            String id,
            String name,
            String state,
            String reason,
            Integer priority,
            Progress progress,
            List<Clip> clips,
            List<JsonNode> tasks,
            Integer promotions,
            List<JsonNode> history) {
        this(id, name, state, reason, priority, progress, clips, tasks, promotions, history, null, null);
    }

    /** The state, or null when it is a name this client does not know. */
    public JobState jobState() {
        return Arrays.stream(JobState.values())
                .filter(s -> s.name().equals(state))
                .findFirst()
                .orElse(null);
    }

    /** Whether the job has an approval gate (its recipe said {@code "approval": "required"}). */
    public boolean gated() {
        return approval != null && approval.isObject();
    }

    public boolean terminal() {
        JobState s = jobState();
        return state != null && (TERMINAL.contains(state) || (s != null && s.terminal()));
    }

    /** The job's artifacts of one kind ({@code poster}, {@code contactSheet}, {@code ale}). */
    public List<Artifact> artifactsOfKind(String kind) {
        return artifacts.stream().filter(a -> kind.equals(a.kind())).toList();
    }

    /** Tasks of one kind ({@code VIDEO_SEGMENT} or {@code AUDIO}). */
    public List<JsonNode> tasksOfKind(String kind) {
        return tasks.stream().filter(t -> kind.equals(t.path("kind").asText())).toList();
    }

    /** @param percent 0..100 */
    public record Progress(long tasksTotal, long tasksDone, double percent) {}

    /** One source of the job and its finished outputs. */
    public record Clip(String id, String name, SourceRef source, String state, String reason, List<Output> outputs) {
        public Clip {
            outputs = outputs == null ? List.of() : List.copyOf(outputs);
        }
    }

    /** A finished output file: {@code path} is absolute on the machine that runs process-service. */
    public record Output(String name, String preset, String path, JsonNode qc) {}

    /**
     * A file made for the whole job once its clips ended: a clip's poster frame, the contact sheet, the Avid ALE.
     *
     * @param kind {@code poster}, {@code contactSheet} or {@code ale}
     * @param path absolute on the machine that runs process-service
     * @param clip the clip a poster belongs to, when process-service says (may be null)
     */
    public record Artifact(String kind, String path, String clip) {}
}
