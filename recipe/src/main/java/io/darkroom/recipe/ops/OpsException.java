package io.darkroom.recipe.ops;

/**
 * An op cannot be applied: a malformed or missing LUT / CDL file, a template field with no value, a font that
 * cannot be found. {@link #badInput()} tells a problem of the job's files (permanent, BAD_INPUT) from a problem
 * of this machine (work folder not writable: retryable).
 */
public final class OpsException extends Exception {
    private final boolean badInput;

    public OpsException(String message, boolean badInput, Throwable cause) {
        super(message, cause);
        this.badInput = badInput;
    }

    public static OpsException badInput(String message) {
        return new OpsException(message, true, null);
    }

    public boolean badInput() {
        return badInput;
    }
}
