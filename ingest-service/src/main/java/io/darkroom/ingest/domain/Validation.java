package io.darkroom.ingest.domain;

import io.darkroom.contracts.JobSubmitted.ProbedSource;
import io.darkroom.recipe.Violation;
import java.util.List;

/**
 * The outcome of validating a job request: either violations, or every source probed (in request order).
 */
public record Validation(List<Violation> violations, List<ProbedSource> sources) {

    public Validation {
        violations = List.copyOf(violations);
        sources = List.copyOf(sources);
    }

    public static Validation rejected(List<Violation> violations) {
        return new Validation(violations, List.of());
    }

    public boolean ok() {
        return violations.isEmpty();
    }
}
