package io.darkroom.process.messaging;

/** The broker did not acknowledge a record in time; nothing was marked as sent. */
public final class SendFailedException extends RuntimeException {

    public SendFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
