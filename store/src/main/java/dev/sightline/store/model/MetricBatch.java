package dev.sightline.store.model;

import java.util.List;

public record MetricBatch(List<ResourceGroup<Metric>> resources) implements TelemetryBatch {
    public MetricBatch {
        resources = List.copyOf(resources);
    }

    @Override
    public boolean isEmpty() {
        return resources.isEmpty();
    }

    @Override
    public Signal signal() {
        return Signal.METRICS;
    }

    /** Data points, not metrics: that is what OTLP's partial success counts for metrics. */
    @Override
    public int itemCount() {
        int n = 0;
        for (ResourceGroup<Metric> g : resources) {
            for (ScopeGroup<Metric> s : g.scopes()) {
                for (Metric m : s.items()) {
                    n += m.data().pointCount();
                }
            }
        }
        return n;
    }
}
