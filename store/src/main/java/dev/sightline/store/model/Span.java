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

    /**
     * A failed request or operation, as golden signals count it: status ERROR, or, on a SERVER span, an HTTP
     * response status of 500 or more (a 4xx is the client's failure, not this service's).
     */
    public boolean isError() {
        if (status.code() == SpanStatus.Code.ERROR) {
            return true;
        }
        if (kind != SpanKind.SERVER) {
            return false;
        }
        AnyValue code = Attribute.find(attributes, "http.response.status_code");
        if (code == null) {
            code = Attribute.find(attributes, "http.status_code");
        }
        if (code instanceof AnyValue.IntValue i) {
            return i.value() >= 500 && i.value() <= 599;
        }
        if (code instanceof AnyValue.StringValue str) {
            String v = str.value();
            return v.length() == 3 && v.charAt(0) == '5' && Character.isDigit(v.charAt(1))
                    && Character.isDigit(v.charAt(2));
        }
        return false;
    }
}
