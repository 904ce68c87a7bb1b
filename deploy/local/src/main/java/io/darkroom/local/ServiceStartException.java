package io.darkroom.local;

/** A service of the local stack did not start or did not become ready; the message names its log file. */
public final class ServiceStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ServiceStartException(String message) {
        super(message);
    }
}
