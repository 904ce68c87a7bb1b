package io.darkroom.ingest.service;

import io.darkroom.recipe.Violation;
import java.util.List;

/** A job request that breaks one or more rules; nothing was published. */
public final class JobRejectedException extends RuntimeException {
    private final List<Violation> violations;

    public JobRejectedException(List<Violation> violations) {
        super(violations.size() + " problem(s) in the job request, first: "
                + violations.get(0).message());
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
