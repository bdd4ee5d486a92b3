package dev.sightline.store.model;

import java.util.List;
import java.util.Objects;

/** One span, every OTLP field kept. {@code parentSpanId} is null for a root span. */
public record Span(
        TraceId traceId,
        SpanId spanId,
        String traceState,
        SpanId parentSpanId,
        int flags,
        String name,
        SpanKind kind,
        long startEpochNanos,
        long endEpochNanos,
        List<Attribute> attributes,
        int droppedAttributesCount,
        List<SpanEvent> events,
        int droppedEventsCount,
        List<SpanLink> links,
        int droppedLinksCount,
        SpanStatus status) {

    public Span {
        Objects.requireNonNull(traceId, "traceId");
        Objects.requireNonNull(spanId, "spanId");
        traceState = traceState == null ? "" : traceState;
        name = name == null ? "" : name;
        kind = kind == null ? SpanKind.UNSPECIFIED : kind;
        attributes = List.copyOf(attributes);
        events = List.copyOf(events);
        links = List.copyOf(links);
        status = status == null ? SpanStatus.UNSET : status;
    }

    public long durationNanos() {
        return endEpochNanos - startEpochNanos;
    }

    public boolean isRoot() {
        return parentSpanId == null;
    }
}
