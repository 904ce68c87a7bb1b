package io.darkroom.models.registry;

/** A registry operation refused or failed; {@link #problem()} says which way. */
public class ModelRegistryException extends RuntimeException {

    /** Why the registry refused. */
    public enum Problem {
        /** No model of that name is registered. */
        NOT_FOUND,
        /** The ONNX file's SHA-256 differs from the one recorded at registration: the file was changed. */
        HASH_MISMATCH,
        /** The name is not a valid registry name. */
        INVALID_NAME,
        /** Another model is already registered under that name. */
        ALREADY_EXISTS,
        /** The metadata file cannot be read or is incomplete. */
        BAD_METADATA,
        /** Reading or writing the registry directory failed. */
        IO
    }

    private final Problem problem;

    public ModelRegistryException(Problem problem, String message) {
        super(message);
        this.problem = problem;
    }

    public ModelRegistryException(Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
