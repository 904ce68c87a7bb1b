package io.darkroom.media;

import io.darkroom.recipe.Problem;

/** A storage reference that cannot be used, with the problem named so callers can map it to a 4xx or a task failure. */
public final class StorageException extends RuntimeException implements Problem.Named {

    private final Problem problem;

    public StorageException(Problem problem, String message) {
        super(message);
        this.problem = problem;
    }

    @Override
    public Problem problem() {
        return problem;
    }
}
