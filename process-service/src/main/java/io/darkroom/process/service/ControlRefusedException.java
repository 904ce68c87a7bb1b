package io.darkroom.process.service;

/** A control request (cancel, pause, retry, priority, drain) that cannot be done; the kind says why. */
public final class ControlRefusedException extends RuntimeException {

    /** Why a request was refused. */
    public enum Kind {
        /** No such job or worker. */
        NOT_FOUND,
        /** The job's state does not allow it (e.g. cancelling a finished job). */
        CONFLICT,
        /** The request itself is wrong (e.g. a priority outside 0..100). */
        INVALID,
        /** The body names a field the API never takes from a request (who acts comes from the token). */
        NOT_ACCEPTED,
        /** The body names a field the request does not take (a misspelling): refused rather than ignored. */
        UNKNOWN_FIELD,
        /** The caller's role allows the action, a rule beyond roles does not (separation of duties). */
        FORBIDDEN
    }

    private final Kind kind;

    public ControlRefusedException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
