package io.darkroom.render;

import io.darkroom.contracts.FailureReason;

/** A classified render failure; the message names the source file and the segment. */
public final class RenderException extends Exception {
    private final FailureReason reason;

    public RenderException(FailureReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public RenderException(FailureReason reason, String message) {
        this(reason, message, null);
    }

    public FailureReason reason() {
        return reason;
    }
}
