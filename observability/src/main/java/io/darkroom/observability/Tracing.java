package io.darkroom.observability;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.MDC;

/**
 * Spans of the job's way through a service (ingest: submit; process-service: plan, dispatch, assemble; render-worker:
 * render) and the trace context carried in Kafka headers (W3C
 * {@code traceparent}), so that one trace runs submit, plan, dispatch, render, assemble across the services. With the
 * OpenTelemetry SDK off ({@code quarkus.otel.sdk.disabled=true}, the default) every call here is a no-op that costs
 * nothing: no span, no context made current, no header read or written (the SDK's disabled mode still built a span,
 * ids and all, and parsed and wrote {@code traceparent} on every record: about a fifth of a worker's CPU per no-op task
 * in {@code bench/profile}).
 */
@ApplicationScoped
public class Tracing {
    private static final TextMapGetter<Headers> KAFKA_HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers carrier) {
            List<String> keys = new ArrayList<>();
            carrier.forEach(h -> keys.add(h.key()));
            return keys;
        }

        @Override
        public String get(Headers carrier, String key) {
            Header h = carrier == null ? null : carrier.lastHeader(key);
            return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
        }
    };

    private final Tracer tracer;
    private final OpenTelemetry otel;
    private final boolean enabled;

    public Tracing(
            Tracer tracer,
            OpenTelemetry otel,
            @ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "false") boolean sdkDisabled) {
        this.tracer = tracer;
        this.otel = otel;
        this.enabled = !sdkDisabled;
    }

    /** Spans that record nothing and carry no context: for objects made outside CDI (unit tests). */
    public static Tracing noop() {
        return new Tracing(OpenTelemetry.noop().getTracer("darkroom"), OpenTelemetry.noop(), true);
    }

    /** Whether spans are made and trace context carried (the OpenTelemetry SDK is on). */
    public boolean enabled() {
        return enabled;
    }

    /** An open span, current on this thread until closed; its trace id is in the log MDC ({@code traceId}). */
    public static final class Traced implements AutoCloseable {
        private static final Traced NONE = new Traced();

        private final Span span;
        private final Scope scope;
        private final String previousTraceId;
        private final boolean touchesMdc;

        /** Nothing traced: no span, nothing made current, the MDC left alone. */
        private Traced() {
            this.span = Span.getInvalid();
            this.scope = Scope.noop();
            this.previousTraceId = null;
            this.touchesMdc = false;
        }

        Traced(Span span) {
            this.touchesMdc = true;
            this.span = span;
            this.scope = span.makeCurrent();
            Object prev = MDC.get("traceId");
            this.previousTraceId = prev == null ? null : prev.toString();
            if (span.getSpanContext().isValid()) {
                MDC.put("traceId", span.getSpanContext().getTraceId());
            }
        }

        public SpanContext context() {
            return span.getSpanContext();
        }

        /** Marks the span failed. */
        public void failed(Throwable t) {
            span.recordException(t);
            span.setStatus(io.opentelemetry.api.trace.StatusCode.ERROR);
        }

        @Override
        public void close() {
            if (!touchesMdc) {
                return;
            }
            try {
                scope.close();
                span.end();
            } finally {
                if (previousTraceId == null) {
                    MDC.remove("traceId");
                } else {
                    MDC.put("traceId", previousTraceId);
                }
            }
        }
    }

    /** Starts a span named {@code name} under {@code parent} (the current context when null) and makes it current. */
    public Traced span(String name, SpanKind kind, Context parent, String jobId, String taskId) {
        if (!enabled) {
            return Traced.NONE;
        }
        var builder = tracer.spanBuilder(name).setSpanKind(kind).setParent(parent == null ? Context.current() : parent);
        if (jobId != null) {
            builder.setAttribute("darkroom.job.id", jobId);
        }
        if (taskId != null) {
            builder.setAttribute("darkroom.task.id", taskId);
        }
        return new Traced(builder.startSpan());
    }

    /** The trace context a Kafka record carries, or the root context when it carries none. */
    public Context extract(Headers headers) {
        if (!enabled) {
            return Context.root();
        }
        return otel.getPropagators().getTextMapPropagator().extract(Context.root(), headers, KAFKA_HEADERS);
    }

    /** Writes the current trace context into Kafka record headers. */
    public void inject(Headers headers) {
        if (!enabled) {
            return;
        }
        otel.getPropagators().getTextMapPropagator().inject(Context.current(), headers, (h, k, v) -> h.remove(k)
                .add(k, v.getBytes(StandardCharsets.UTF_8)));
    }

    /** Adds the current trace context to a header map (for clients that take headers as strings). */
    public Map<String, String> inject(Map<String, String> headers) {
        Map<String, String> out = new java.util.LinkedHashMap<>(headers);
        if (!enabled) {
            return out;
        }
        otel.getPropagators().getTextMapPropagator().inject(Context.current(), out, (m, k, v) -> m.put(k, v));
        return out;
    }
}
