package dev.sightline.store.model;

import java.util.List;

public record SpanBatch(List<ResourceGroup<Span>> resources) implements TelemetryBatch {
    public SpanBatch {
        resources = List.copyOf(resources);
    }

    @Override
    public boolean isEmpty() {
        return resources.isEmpty();
    }

    @Override
    public Signal signal() {
        return Signal.TRACES;
    }

    @Override
    public int itemCount() {
        return TelemetryBatch.countItems(resources);
    }
}
