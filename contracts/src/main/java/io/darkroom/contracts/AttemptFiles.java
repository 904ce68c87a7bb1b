package io.darkroom.contracts;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The names of the files a task attempt writes, in one place for the worker that writes them and for process-service,
 * which promotes them: {@code <prefix>.<output>.a<attempt>-d<delivery>-<workerId>.<ext>} in the task's output prefix.
 * A {@link TaskEvent.TaskDone} is a message anyone on the bus could send, so process-service accepts its files only
 * when each has exactly such a name for that task, attempt and worker.
 */
public final class AttemptFiles {
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");
    private static final Pattern EXTENSION = Pattern.compile("[a-z0-9]{1,8}");

    private AttemptFiles() {}

    /** A name part with letters, digits, dot, dash and underscore only; anything else becomes '_'. */
    public static String safe(String part) {
        return UNSAFE.matcher(part).replaceAll("_");
    }

    /** The file of one output of one delivery of an attempt. */
    public static SourceRef of(
            SourceRef prefix, String output, int attempt, int delivery, String workerId, String extension) {
        return new SourceRef(
                prefix.root(),
                prefix.path() + "." + safe(output) + ".a" + attempt + "-d" + delivery + "-" + safe(workerId) + "."
                        + extension);
    }

    /**
     * Why a reported result cannot be promoted, or empty when it can: every file in the task's output prefix, named
     * for that output, attempt and worker; each output of the task at most once and only outputs the task renders.
     *
     * @param prefix   the task's output prefix (process-service's own, never the message's)
     * @param outputs  the names of the outputs the task renders
     * @param attempt  the attempt the result claims, which must be the task's current one
     * @param current  the task's current attempt
     * @param workerId the worker the result claims
     * @param files    the files it reports
     */
    public static Optional<String> problem(
            SourceRef prefix,
            Set<String> outputs,
            int attempt,
            int current,
            String workerId,
            List<TaskEvent.SegmentFile> files) {
        if (attempt != current) {
            return Optional.of("attempt " + attempt + " is not the task's current attempt " + current);
        }
        if (workerId == null || workerId.isBlank()) {
            return Optional.of("no worker id");
        }
        if (files == null || files.isEmpty()) {
            return Optional.of("no files");
        }
        Set<String> seen = new HashSet<>();
        for (TaskEvent.SegmentFile f : files) {
            if (f == null || f.output() == null || f.file() == null) {
                return Optional.of("a file without output name or location");
            }
            if (!outputs.contains(f.output())) {
                return Optional.of("output \"" + f.output() + "\" is not one the task renders " + outputs);
            }
            if (!seen.add(f.output())) {
                return Optional.of("output \"" + f.output() + "\" reported twice");
            }
            String stem = prefix.path() + "." + safe(f.output()) + ".a" + attempt + "-d";
            String path = f.file().path();
            if (!prefix.root().equals(f.file().root())
                    || path == null
                    || !path.startsWith(stem)
                    || !validTail(path.substring(stem.length()), safe(workerId))) {
                return Optional.of("file " + f.file() + " is not named " + prefix.root() + ":" + stem + "<delivery>-"
                        + safe(workerId) + ".<ext>");
            }
        }
        return Optional.empty();
    }

    /** {@code <delivery>-<worker>.<ext>}: a positive delivery number, the worker's safe id, a short extension. */
    private static boolean validTail(String tail, String worker) {
        int dash = tail.indexOf('-');
        if (dash < 1
                || !tail.substring(0, dash).chars().allMatch(Character::isDigit)
                || !tail.startsWith(worker + ".", dash + 1)) {
            return false;
        }
        return EXTENSION.matcher(tail.substring(dash + 1 + worker.length() + 1)).matches();
    }
}
