package dev.sightline.store.read;

import dev.sightline.store.model.Signal;

import java.util.Set;

/** A service seen in any signal, with the first and last time (epoch millis of ingest) it was seen. */
public record ServiceInfo(String name, Set<Signal> signals, long firstSeenEpochMillis, long lastSeenEpochMillis) {
    public ServiceInfo {
        signals = Set.copyOf(signals);
    }
}
