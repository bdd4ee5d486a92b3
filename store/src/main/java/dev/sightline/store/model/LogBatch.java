package dev.sightline.store.model;

import java.util.List;

public record LogBatch(List<ResourceGroup<LogRecord>> resources) implements TelemetryBatch {
    public LogBatch {
        resources = List.copyOf(resources);
    }

    @Override
    public boolean isEmpty() {
        return resources.isEmpty();
    }

    @Override
    public Signal signal() {
        return Signal.LOGS;
    }

    @Override
    public int itemCount() {
        return TelemetryBatch.countItems(resources);
    }
}
