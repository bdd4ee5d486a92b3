package dev.sightline.store.query;

import dev.sightline.store.model.SpanId;
import dev.sightline.store.model.TraceId;

import java.util.Objects;

/**
 * A log search, newest first. A record is a hit if its time is in {@code range} and it satisfies every given
 * criterion: service, severity number at least {@code minSeverity} (0 = any), {@code text} found in its body
 * (case-insensitive), the attribute filter (record attributes, then resource attributes), trace and span ID.
 */
public record LogQuery(TimeRange range, String service, int minSeverity, String text, AttributeFilter filter,
                       TraceId traceId, SpanId spanId, int limit, String cursor) {
    public LogQuery {
        Objects.requireNonNull(range, "range");
        filter = filter == null ? AttributeFilter.NONE : filter;
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        if (minSeverity < 0 || minSeverity > 24) {
            throw new IllegalArgumentException("minSeverity must be between 0 and 24");
        }
    }
}
