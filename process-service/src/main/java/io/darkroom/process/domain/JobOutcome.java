package io.darkroom.process.domain;

import io.darkroom.contracts.JobState;
import java.util.List;
import java.util.Optional;

/**
 * How a job ends once all its clips ended. Each clip succeeds or fails on its own: SUCCEEDED when every clip is
 * DONE, FAILED when none is, PARTIAL when some are (a dailies operator sees at a glance that most of the day came out,
 * and which clips did not).
 */
public final class JobOutcome {

    private JobOutcome() {}

    /** A clip's state with its reason. */
    public record ClipResult(String clipName, ClipState state, String reason) {}

    /** Empty while a clip is still open; SUCCEEDED when every clip is DONE; FAILED when none; PARTIAL otherwise. */
    public static Optional<JobState> of(List<ClipResult> clips) {
        if (clips.isEmpty() || clips.stream().anyMatch(c -> !c.state().terminal())) {
            return Optional.empty();
        }
        long done = clips.stream().filter(c -> c.state() == ClipState.DONE).count();
        if (done == clips.size()) {
            return Optional.of(JobState.SUCCEEDED);
        }
        return Optional.of(done == 0 ? JobState.FAILED : JobState.PARTIAL);
    }

    /** True when every clip ended and at least one is DONE: the job has outputs (and gets posters, sheet, ALE). */
    public static boolean anyDone(List<ClipResult> clips) {
        return clips.stream().anyMatch(c -> c.state() == ClipState.DONE);
    }

    /**
     * The reason of a job that did not fully succeed: a single clip's own reason for a one-clip job, else
     * {@code "2 of 5 clips failed: A002: <reason>; A004: <reason>"}.
     */
    public static String failureReason(List<ClipResult> clips) {
        List<ClipResult> bad =
                clips.stream().filter(c -> c.state() != ClipState.DONE).toList();
        if (clips.size() == 1 && bad.size() == 1) {
            ClipResult c = bad.get(0);
            return c.reason() == null ? c.clipName() + ": " + c.state().name().toLowerCase() : c.reason();
        }
        return bad.size() + " of " + clips.size() + " clips failed: "
                + String.join(
                        "; ",
                        bad.stream()
                                .map(c -> c.clipName() + ": "
                                        + (c.reason() == null ? c.state().name().toLowerCase() : c.reason()))
                                .toList());
    }
}
