package dev.sightline.store.wal;

import java.util.concurrent.CompletableFuture;

/**
 * A record accepted by an append and waiting for the writer thread. Its ingest time and CRC were taken on the
 * appender's thread, so CRCs are computed on all the appending cores, not on the writer's.
 */
record PendingRecord<A>(byte[] payload, int crc, long epochMillis, A attachment, CompletableFuture<Long> future) {
    int encodedBytes() {
        return SegmentFormat.RECORD_HEADER_BYTES + payload.length;
    }
}
