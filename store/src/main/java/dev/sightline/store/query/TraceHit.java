package dev.sightline.store.query;

import dev.sightline.store.model.TraceId;

import java.util.List;

/**
 * One trace found by a search, summarised from all of its stored spans. The root is the span without a parent
 * (the earliest such); when none has arrived yet the earliest span stands in and {@code rootService} and
 * {@code rootName} are its.
 */
public record TraceHit(TraceId traceId, String rootService, String rootName, long startEpochNanos,
                       long durationNanos, int spanCount, int errorCount, List<String> services) {
    public TraceHit {
        services = List.copyOf(services);
    }
}
