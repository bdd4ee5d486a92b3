package dev.sightline.store.wal;

/**
 * A record the log has just written, as handed to the log's listener (in log order, before the appender's future
 * completes): position, ingest time, encoded size and whatever the appender attached (the index extract).
 */
public record WrittenRecord<A>(long position, long epochMillis, int encodedBytes, A attachment) {
}
