package dev.sightline.store.model;

import java.util.List;

/** A sample measurement, usually with the trace that produced it. IDs are null when not sent. */
public record Exemplar(List<Attribute> filteredAttributes, long epochNanos, NumberValue value,
                       SpanId spanId, TraceId traceId) {
    public Exemplar {
        filteredAttributes = List.copyOf(filteredAttributes);
    }
}
