package io.darkroom.process.domain;

import java.util.Comparator;
import java.util.List;

/**
 * The order in which pending tasks take free worker slots: priority (higher first), then fair share between jobs
 * of equal priority (round robin: the job holding fewer slots goes next), then job age (older first).
 * See service/DESIGN.md.
 */
public final class DispatchOrder {

    /** The total order; ties end on job id and the rank inside the job, so the order is deterministic. */
    public static final Comparator<DispatchCandidate> ORDER = Comparator.comparingInt(DispatchCandidate::priority)
            .reversed()
            .thenComparingInt(DispatchCandidate::turn)
            .thenComparing(DispatchCandidate::submittedAt)
            .thenComparing(DispatchCandidate::jobId)
            .thenComparingInt(DispatchCandidate::rankInJob);

    private DispatchOrder() {}

    /** The first {@code free} candidates in dispatch order. */
    public static List<DispatchCandidate> select(List<DispatchCandidate> candidates, int free) {
        if (free <= 0) {
            return List.of();
        }
        return candidates.stream().sorted(ORDER).limit(free).toList();
    }
}
