package io.darkroom.render;

import io.darkroom.contracts.FailureReason;
import io.darkroom.media.StorageException;
import java.io.IOException;
import java.util.Locale;
import org.bytedeco.javacv.FrameFilter;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;

/** Maps whatever a render threw onto a {@link FailureReason}, with a message naming source and segment. */
final class Failures {
    private Failures() {}

    static RenderException classify(Throwable t, String label) {
        if (t instanceof RenderException re) {
            return re;
        }
        if (t instanceof OutOfMemoryError) {
            return new RenderException(FailureReason.OUT_OF_MEMORY, label + ": out of memory: " + t.getMessage(), t);
        }
        if (t instanceof io.darkroom.recipe.ops.OpsException oe) {
            return new RenderException(
                    oe.badInput() ? FailureReason.BAD_INPUT : FailureReason.INTERNAL,
                    label + ": ops: " + oe.getMessage(),
                    oe);
        }
        if (t instanceof StorageException se) {
            return new RenderException(storageReason(se), label + ": " + se.getMessage(), se);
        }
        if (t instanceof FrameGrabber.Exception) {
            FailureReason reason = mentions(t, "avcodec_find_decoder", "unsupported")
                    ? FailureReason.UNSUPPORTED
                    : FailureReason.BAD_INPUT;
            return new RenderException(reason, label + ": cannot decode the source: " + t.getMessage(), t);
        }
        if (t instanceof FrameRecorder.Exception) {
            FailureReason reason = mentions(t, "avio", "write", "i/o", "space", "permission")
                    ? FailureReason.STORAGE
                    : FailureReason.INTERNAL;
            return new RenderException(reason, label + ": cannot encode the output: " + t.getMessage(), t);
        }
        if (t instanceof FrameFilter.Exception) {
            return new RenderException(FailureReason.INTERNAL, label + ": filter graph failed: " + t.getMessage(), t);
        }
        if (t instanceof IOException) {
            return new RenderException(FailureReason.STORAGE, label + ": " + t, t);
        }
        return new RenderException(FailureReason.INTERNAL, label + ": unexpected " + t, t);
    }

    private static FailureReason storageReason(StorageException e) {
        return switch (e.problem()) {
            case NOT_FOUND, NOT_A_FILE, ESCAPES_ROOT -> FailureReason.BAD_INPUT;
            default -> FailureReason.STORAGE; // UNKNOWN_ROOT: this worker lacks the root, another may have it
        };
    }

    private static boolean mentions(Throwable t, String... words) {
        String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
        for (String w : words) {
            if (m.contains(w)) {
                return true;
            }
        }
        return false;
    }
}
