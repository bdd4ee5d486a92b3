package dev.sightline.store.query;

import java.util.Objects;

/**
 * A trace search. A trace is a hit if one of its spans started in {@code range} and satisfies every given
 * criterion at once: its resource's service, its name, the attribute filter (span attributes, then resource
 * attributes), its duration within [minDuration, maxDuration] and, if {@code errorsOnly}, an error status. Null
 * fields are not constrained. This is the span-level meaning Jaeger and Tempo give these fields.
 *
 * @param cursor where a previous page stopped ({@link Page#nextCursor()}), or null for the newest
 */
public record TraceQuery(TimeRange range, String service, String operation, AttributeFilter filter,
                         Long minDurationNanos, Long maxDurationNanos, boolean errorsOnly, int limit,
                         String cursor) {
    public TraceQuery {
        Objects.requireNonNull(range, "range");
        filter = filter == null ? AttributeFilter.NONE : filter;
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
    }

    public static TraceQuery recent(TimeRange range, int limit) {
        return new TraceQuery(range, null, null, AttributeFilter.NONE, null, null, false, limit, null);
    }
}
