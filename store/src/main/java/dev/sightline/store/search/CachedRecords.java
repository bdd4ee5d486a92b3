package dev.sightline.store.search;

import dev.sightline.store.model.Signal;
import dev.sightline.store.model.TelemetryBatch;
import dev.sightline.store.model.TraceId;

import java.util.HashMap;
import java.util.Map;

/**
 * The records one query has read in full, so it reads none twice: a trace's spans and logs are mostly in the
 * records that matched. Records read for one trace only are not kept (they hold only that trace's items).
 * One query, one thread.
 */
final class CachedRecords implements RecordSource {
    private record Key(Signal signal, long position) {
    }

    private final RecordSource source;
    private final Map<Key, TelemetryBatch> read = new HashMap<>();

    CachedRecords(RecordSource source) {
        this.source = source;
    }

    void put(Signal signal, long position, TelemetryBatch batch) {
        read.put(new Key(signal, position), batch);
    }

    @Override
    public TelemetryBatch read(Signal signal, long position) {
        return read.computeIfAbsent(new Key(signal, position), k -> source.read(signal, position));
    }

    @Override
    public TelemetryBatch readTrace(Signal signal, long position, TraceId traceId) {
        TelemetryBatch whole = read.get(new Key(signal, position));
        return whole != null ? whole : source.readTrace(signal, position, traceId);
    }
}
