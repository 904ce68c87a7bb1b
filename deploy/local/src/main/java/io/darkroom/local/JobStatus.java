package io.darkroom.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.darkroom.contracts.JobState;
import io.darkroom.contracts.SourceRef;
import java.util.List;

/**
 * What process-service answers on {@code GET /jobs/{id}}, as far as the command line and the end-to-end tests read
 * it. Tasks and history stay JSON trees: only a few of their fields are read (see {@link #tasks()}).
 */
public record JobStatus(String id, String name, String state, String reason, Integer priority, Progress progress,
        List<Clip> clips, List<JsonNode> tasks, Integer promotions, List<JsonNode> history) {

    public JobStatus {
        clips = clips == null ? List.of() : List.copyOf(clips);
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
        history = history == null ? List.of() : List.copyOf(history);
    }

    public JobState jobState() {
        return JobState.valueOf(state);
    }

    public boolean terminal() {
        return state != null && jobState().terminal();
    }

    /** Tasks of one kind ({@code VIDEO_SEGMENT} or {@code AUDIO}). */
    public List<JsonNode> tasksOfKind(String kind) {
        return tasks.stream().filter(t -> kind.equals(t.path("kind").asText())).toList();
    }

    /** @param percent 0..100 */
    public record Progress(long tasksTotal, long tasksDone, double percent) {
    }

    /** One source of the job and its finished outputs. */
    public record Clip(String id, String name, SourceRef source, String state, String reason, List<Output> outputs) {
        public Clip {
            outputs = outputs == null ? List.of() : List.copyOf(outputs);
        }
    }

    /** A finished output file: {@code path} is absolute on the machine that runs process-service. */
    public record Output(String name, String preset, String path, JsonNode qc) {
    }
}
