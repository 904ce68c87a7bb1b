package io.darkroom.provenance;

/** A provenance step that cannot go on: a key that cannot be read or made, an output that does not match its manifest. */
public class ProvenanceException extends RuntimeException {
    public ProvenanceException(String message) {
        super(message);
    }

    public ProvenanceException(String message, Throwable cause) {
        super(message, cause);
    }
}
