package dev.sightline.store.query;

import dev.sightline.store.model.LogRecord;
import dev.sightline.store.model.Scoped;

import java.util.List;

/**
 * Everything one correlation ID (a request ID) reaches: the traces with a span that carries it, and the log
 * records that carry it or belong to one of those traces, oldest first.
 *
 * @param complete false when more traces or logs carry the ID than a lookup returns; the lists are then the
 *                 oldest ones
 */
public record Correlation(String id, List<TraceHit> traces, List<Scoped<LogRecord>> logs, boolean complete) {
    public Correlation {
        traces = List.copyOf(traces);
        logs = List.copyOf(logs);
    }
}
