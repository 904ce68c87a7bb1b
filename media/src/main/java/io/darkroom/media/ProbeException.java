package io.darkroom.media;

import io.darkroom.recipe.Problem;

/** A file that cannot serve as a source, with the problem named. */
public final class ProbeException extends RuntimeException implements Problem.Named {

    private final Problem problem;

    public ProbeException(Problem problem, String message) {
        super(message);
        this.problem = problem;
    }

    @Override
    public Problem problem() {
        return problem;
    }
}
