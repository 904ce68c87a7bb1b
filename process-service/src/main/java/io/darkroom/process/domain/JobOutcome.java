package io.darkroom.process.domain;

import io.darkroom.contracts.JobState;
import java.util.List;
import java.util.Optional;

/** How a job ends once all its clips ended. */
public final class JobOutcome {

    private JobOutcome() {
    }

    /** A clip's state with its reason. */
    public record ClipResult(String clipName, ClipState state, String reason) {
    }

    /** Empty while a clip is still open; SUCCEEDED when every clip is DONE; FAILED otherwise. */
    public static Optional<JobState> of(List<ClipResult> clips) {
        if (clips.stream().anyMatch(c -> !c.state().terminal())) {
            return Optional.empty();
        }
        return Optional.of(clips.stream().allMatch(c -> c.state() == ClipState.DONE) ? JobState.SUCCEEDED
                : JobState.FAILED);
    }

    /** The reasons of the clips that did not succeed, one per clip. */
    public static String failureReason(List<ClipResult> clips) {
        return String.join("; ", clips.stream().filter(c -> c.state() != ClipState.DONE)
                .map(c -> c.clipName() + ": " + (c.reason() == null ? c.state().name().toLowerCase() : c.reason()))
                .toList());
    }
}
