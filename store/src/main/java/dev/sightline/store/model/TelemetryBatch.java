package dev.sightline.store.model;

import java.util.List;

/** One accepted export request of one signal, as the collector hands it to the store. */
public sealed interface TelemetryBatch permits SpanBatch, LogBatch, MetricBatch {

    Signal signal();

    /** Spans, log records or metric data points in the batch. */
    int itemCount();

    /** True when there is nothing to store: no resource group at all. */
    boolean isEmpty();

    static <T> int countItems(List<ResourceGroup<T>> groups) {
        int n = 0;
        for (ResourceGroup<T> g : groups) {
            n += g.itemCount();
        }
        return n;
    }
}
