package dev.sightline.store.index;

import java.nio.ByteBuffer;

/** A key of the hot maps: a trace ID or a series hash, 128 bits, stored as 16 big-endian bytes. */
record MapKey(long high, long low) {
    byte[] bytes() {
        return ByteBuffer.allocate(16).putLong(high).putLong(low).array();
    }
}
