package dev.sightline.store.codec;

import dev.sightline.store.model.Signal;
import dev.sightline.store.model.TelemetryBatch;

/**
 * Sightline's own binary encoding of a batch, the payload of a write-ahead log record. Versioned by its first
 * byte so later releases can read what earlier ones wrote. Not OTLP: the store does not know OTLP.
 */
public interface BatchCodec {

    byte[] encode(TelemetryBatch batch);

    /** @throws CorruptRecordException when the bytes are not a batch this codec wrote */
    TelemetryBatch decode(Signal signal, byte[] payload);
}
