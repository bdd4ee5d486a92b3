package dev.sightline.store.search;

import dev.sightline.store.model.Signal;
import dev.sightline.store.model.TelemetryBatch;

/** Reads and decodes one stored record; null when retention deleted it or it cannot be decoded. */
@FunctionalInterface
public interface RecordSource {
    TelemetryBatch read(Signal signal, long position);
}
