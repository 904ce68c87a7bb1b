package io.darkroom.media;

/** A storage reference that cannot be used, with the problem named so callers can map it to a 4xx or a task failure. */
public final class StorageException extends RuntimeException {

    /** What is wrong with the reference. */
    public enum Problem {
        /** The root name is not configured on this node. */
        UNKNOWN_ROOT,
        /** The path is absolute, climbs out with {@code ..}, or follows a symlink out of its root. */
        ESCAPES_ROOT,
        /** Nothing exists at the path. */
        NOT_FOUND,
        /** The path exists but is not a regular file. */
        NOT_A_FILE
    }

    private final Problem problem;

    public StorageException(Problem problem, String message) {
        super(message);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
