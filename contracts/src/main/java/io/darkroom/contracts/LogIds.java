package io.darkroom.contracts;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The job and task ids a log message names, by the services' convention of writing {@code job <uuid>} and
 * {@code task <uuid>}: the services' log filters copy them into the MDC ({@code jobId}, {@code taskId}) so that JSON
 * logs carry them as fields.
 */
public final class LogIds {
    private static final String UUID = "([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})";
    private static final Pattern JOB = Pattern.compile("\\bjob " + UUID);
    private static final Pattern TASK = Pattern.compile("\\btask " + UUID);

    private LogIds() {}

    /** {@code jobId} and/or {@code taskId} found in the message; empty when it names neither. */
    public static Map<String, String> in(String message) {
        Map<String, String> ids = new LinkedHashMap<>();
        if (message == null) {
            return ids;
        }
        Matcher job = JOB.matcher(message);
        if (job.find()) {
            ids.put("jobId", job.group(1));
        }
        Matcher task = TASK.matcher(message);
        if (task.find()) {
            ids.put("taskId", task.group(1));
        }
        return ids;
    }
}
