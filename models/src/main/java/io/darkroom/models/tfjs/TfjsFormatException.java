package io.darkroom.models.tfjs;

/** A TensorFlow.js model that cannot be read or uses a layer or option the converter does not support. */
public class TfjsFormatException extends RuntimeException {
    public TfjsFormatException(String message) {
        super(message);
    }

    public TfjsFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
