package io.darkroom.render;

import io.darkroom.contracts.FailureReason;
import io.darkroom.media.StorageException;
import java.io.IOException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.bytedeco.javacv.FrameFilter;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;

/** Maps whatever a render threw onto a {@link FailureReason}, with a message naming source and segment. */
final class Failures {
    /** A quoted host path or file URL in JavaCV's messages ("Could not open input \"file:/mnt/...\""). */
    private static final Pattern QUOTED_PATH = Pattern.compile("\"(?:file:)?/[^\"]*/([^/\"]*)\"");
    /** JavaCV's hints to its programmer, e.g. "(Has setFormat() been called?)": no help to whoever reads a reason. */
    private static final Pattern JAVACV_HINT =
            Pattern.compile("\\s*\\((?:For more details, make sure|Has) [^()]*(?:\\(\\)[^()]*)*\\)");

    private Failures() {}

    /** JavaCV's message without host paths (the file name stays) and without its hints to programmers. */
    static String words(Throwable t) {
        String m = String.valueOf(t.getMessage());
        m = QUOTED_PATH.matcher(m).replaceAll(r -> "\"" + java.util.regex.Matcher.quoteReplacement(r.group(1)) + "\"");
        return JAVACV_HINT.matcher(m).replaceAll("");
    }

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
            return new RenderException(reason, label + ": cannot decode the source: " + words(t), t);
        }
        if (t instanceof FrameRecorder.Exception) {
            FailureReason reason = mentions(t, "avio", "write", "i/o", "space", "permission")
                    ? FailureReason.STORAGE
                    : FailureReason.INTERNAL;
            return new RenderException(reason, label + ": cannot encode the output: " + words(t), t);
        }
        if (t instanceof FrameFilter.Exception) {
            return new RenderException(FailureReason.INTERNAL, label + ": filter graph failed: " + words(t), t);
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
