package dev.sightline.store.wal;

/**
 * Where a record lives in one signal's log, packed into a {@code long}: the segment id in the high 32 bits and the
 * byte offset of the record's header within the segment file in the low 32 bits. Segment ids start at 1 and stay
 * below 2^30, offsets below 2^32 (segments are capped at 2 GiB, records at 1 GiB), so a position is never negative,
 * and positions of one log compare in append order.
 */
public final class RecordPosition {

    /** "Before every record": scanning after it starts at the first record. */
    public static final long NONE = -1L;

    static final long MAX_SEGMENT_ID = (1L << 30) - 1;

    private RecordPosition() {
    }

    public static long of(long segmentId, long offset) {
        if (segmentId < 0 || segmentId > MAX_SEGMENT_ID) {
            throw new IllegalArgumentException("segment id out of range: " + segmentId);
        }
        if (offset < 0 || offset > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("offset out of range: " + offset);
        }
        return segmentId << 32 | offset;
    }

    public static long segmentId(long position) {
        return position >>> 32;
    }

    public static long offset(long position) {
        return position & 0xFFFF_FFFFL;
    }

    /** The first position of a segment: every record of segment {@code id} lies in [start(id), start(id + 1)). */
    public static long segmentStart(long segmentId) {
        return segmentId << 32;
    }

    public static String toString(long position) {
        return position == NONE ? "none" : segmentId(position) + ":" + offset(position);
    }
}
