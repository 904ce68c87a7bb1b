package io.darkroom.process.ops;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The span each job's later steps (dispatch of its tasks, assembly) hang under: its plan span, kept in memory for the
 * most recent jobs. A job planned by an earlier process-service starts new traces for what is left (not kept across
 * restarts).
 */
@ApplicationScoped
public class JobTraces {
    private static final int KEEP = 10_000;
    private final Map<String, SpanContext> byJob = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SpanContext> eldest) {
            return size() > KEEP;
        }
    });

    public void remember(String jobId, SpanContext span) {
        if (span.isValid()) {
            byJob.put(jobId, span);
        }
    }

    /** The context to start a step of the job under: its plan span, else the root (a new trace). */
    public Context parent(String jobId) {
        SpanContext span = byJob.get(jobId);
        return span == null ? Context.root() : Context.root().with(Span.wrap(span));
    }
}
