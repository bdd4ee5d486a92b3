package dev.sightline.store.index;

/** A stored log record as searches see it before reading it: its position, item time range and skip index. */
public record RecordRef(long position, long minNanos, long maxNanos, RecordDigest digest) {
}
