package dev.sightline.store.wal;

/** One record read back from a log: its position, the ingest time it was appended with, and its payload. */
public record WalRecord(long position, long epochMillis, byte[] payload) {
}
