package dev.sightline.store.wal;

/**
 * A segment as retention sees it.
 *
 * @param newestRecordEpochMillis ingest time of its newest record; its creation time when it holds none
 * @param active                  the segment being appended to: never deleted
 */
public record SegmentInfo(long id, long bytes, long records, long newestRecordEpochMillis, boolean active) {
}
