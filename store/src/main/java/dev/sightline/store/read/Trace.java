package dev.sightline.store.read;

import dev.sightline.store.model.Scoped;
import dev.sightline.store.model.Span;
import dev.sightline.store.model.TraceId;

import java.util.List;

public record Trace(TraceId traceId, List<Scoped<Span>> spans) {
    public Trace {
        spans = List.copyOf(spans);
    }
}
