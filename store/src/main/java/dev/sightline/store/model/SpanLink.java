package dev.sightline.store.model;

import java.util.List;
import java.util.Objects;

public record SpanLink(TraceId traceId, SpanId spanId, String traceState, List<Attribute> attributes,
                       int droppedAttributesCount, int flags) {
    public SpanLink {
        Objects.requireNonNull(traceId, "traceId");
        Objects.requireNonNull(spanId, "spanId");
        traceState = traceState == null ? "" : traceState;
        attributes = List.copyOf(attributes);
    }
}
