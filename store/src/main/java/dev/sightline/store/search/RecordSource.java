package dev.sightline.store.search;

import dev.sightline.store.model.Signal;
import dev.sightline.store.model.TelemetryBatch;
import dev.sightline.store.model.TraceId;

/** Reads and decodes one stored record; null when retention deleted it or it cannot be decoded. */
@FunctionalInterface
public interface RecordSource {
    TelemetryBatch read(Signal signal, long position);

    /**
     * The record's items of one trace (other items may come too: callers filter by trace ID). Reading a trace
     * out of batches of hundreds of spans is cheaper when the others are not built; by default, the whole record.
     */
    default TelemetryBatch readTrace(Signal signal, long position, TraceId traceId) {
        return read(signal, position);
    }
}
