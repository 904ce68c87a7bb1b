package io.darkroom.ingest.ops;

import io.darkroom.contracts.LogIds;
import io.quarkus.logging.LoggingFilter;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Gives every log record that names a job or task ("job &lt;id&gt; task &lt;id&gt;: ...") the MDC fields {@code jobId}
 * and {@code taskId}, so JSON logs ({@code quarkus.log.console.json.enabled=true}) carry them as fields. Ids already
 * in the MDC are kept.
 */
@LoggingFilter(name = "darkroom-ids")
public final class JobIdsLogFilter implements Filter {
    @Override
    public boolean isLoggable(LogRecord record) {
        if (record instanceof ExtLogRecord ext) {
            LogIds.in(ext.getFormattedMessage()).forEach((k, v) -> {
                if (ext.getMdc(k) == null) {
                    ext.putMdc(k, v);
                }
            });
        }
        return true;
    }
}
