package io.darkroom.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link Tracing} with a real OpenTelemetry SDK, switched on and off as {@code quarkus.otel.sdk.disabled} says. */
class TracingTest {
    private static final String PARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    private final OpenTelemetry sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();

    @AfterEach
    void clearMdc() {
        MDC.remove("traceId");
    }

    @Test
    void onASpanContinuesTheRecordsTraceAndItsContextIsWrittenIntoTheNextRecord() {
        Tracing tracing = new Tracing(sdk.getTracer("darkroom"), sdk, false);
        org.apache.kafka.common.header.Headers in =
                new RecordHeaders().add("traceparent", PARENT.getBytes(StandardCharsets.UTF_8));
        RecordHeaders out = new RecordHeaders();
        try (Tracing.Traced span = tracing.span("render", SpanKind.CONSUMER, tracing.extract(in), "j1", "t1")) {
            assertThat(span.context().getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
            assertThat(MDC.get("traceId")).isEqualTo("0af7651916cd43dd8448eb211c80319c");
            tracing.inject(out);
            assertThat(tracing.inject(Map.of("a", "b"))).containsKey("traceparent");
        }
        assertThat(new String(out.lastHeader("traceparent").value(), StandardCharsets.UTF_8))
                .startsWith("00-0af7651916cd43dd8448eb211c80319c-")
                .isNotEqualTo(PARENT);
        assertThat(MDC.get("traceId")).isNull();
        assertThat(tracing.enabled()).isTrue();
    }

    @Test
    void offNothingIsMadeReadOrWrittenEvenWithTheSdkPresent() {
        Tracing tracing = new Tracing(sdk.getTracer("darkroom"), sdk, true);
        org.apache.kafka.common.header.Headers in =
                new RecordHeaders().add("traceparent", PARENT.getBytes(StandardCharsets.UTF_8));
        RecordHeaders out = new RecordHeaders();
        Context extracted = tracing.extract(in);
        assertThat(extracted).isSameAs(Context.root());
        MDC.put("traceId", "from-before");
        try (Tracing.Traced span = tracing.span("render", SpanKind.CONSUMER, extracted, "j1", "t1")) {
            assertThat(span.context().isValid()).isFalse();
            assertThat(Span.current().getSpanContext().isValid())
                    .as("nothing made current")
                    .isFalse();
            tracing.inject(out);
            assertThat(tracing.inject(Map.of("a", "b"))).containsExactly(Map.entry("a", "b"));
        }
        assertThat(out.toArray()).isEmpty();
        assertThat(MDC.get("traceId")).as("the MDC left alone").isEqualTo("from-before");
        assertThat(tracing.enabled()).isFalse();
        assertThat(Tracing.noop().enabled()).isFalse();
    }
}
