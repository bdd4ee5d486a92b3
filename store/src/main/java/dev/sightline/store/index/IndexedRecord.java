package dev.sightline.store.index;

import dev.sightline.store.model.Signal;

/** A log record to index: where it is, when it was ingested, and its extract. */
public record IndexedRecord(Signal signal, long position, long epochMillis, IndexDelta delta) {
}
