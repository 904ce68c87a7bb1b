package io.darkroom.media;

/** A file that cannot serve as a source, with the problem named. */
public final class ProbeException extends RuntimeException {

    /** Why the file was refused. */
    public enum Problem {
        /** FFmpeg does not recognise the file as media. */
        NOT_MEDIA,
        /** The file has no video stream. */
        NO_VIDEO,
        /** The probe itself failed (timed out, could not start). */
        PROBE_FAILED
    }

    private final Problem problem;

    public ProbeException(Problem problem, String message) {
        super(message);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
