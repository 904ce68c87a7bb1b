package io.darkroom.media.assembly;

/** Assembly failed; the message names the step and carries the tail of ffmpeg's stderr where ffmpeg failed. */
public final class AssemblyException extends RuntimeException {

    public AssemblyException(String message) {
        super(message);
    }

    public AssemblyException(String message, Throwable cause) {
        super(message, cause);
    }
}
