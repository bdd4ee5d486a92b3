package dev.sightline.store.codec;

import dev.sightline.store.model.Signal;
import dev.sightline.store.model.TelemetryBatch;
import dev.sightline.store.model.TraceId;

/**
 * Sightline's own binary encoding of a batch, the payload of a write-ahead log record. Versioned by its first
 * byte so later releases can read what earlier ones wrote. Not OTLP: the store does not know OTLP.
 */
public interface BatchCodec {

    byte[] encode(TelemetryBatch batch);

    /** @throws CorruptRecordException when the bytes are not a batch this codec wrote */
    TelemetryBatch decode(Signal signal, byte[] payload);

    /**
     * Only the items (spans or log records) of one trace, for reading a trace out of batches that hold many; may
     * return other items too (readers filter by trace ID anyway). Metrics are decoded in full.
     *
     * @throws CorruptRecordException when the bytes are not a batch this codec wrote
     */
    default TelemetryBatch decodeTrace(Signal signal, byte[] payload, TraceId traceId) {
        return decode(signal, payload);
    }
}
