package dev.sightline.store.wal;

import java.nio.ByteBuffer;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * The on-disk format. A segment file {@code <id, 10 digits>.wal} starts with a header
 * {@code [int32 magic "SLWL"][int32 format version][int64 segment id][int64 created epoch millis]}, followed by
 * records {@code [int32 payload length][int32 CRC32C of the rest][int64 ingest epoch millis][payload]}.
 * Big-endian throughout. A payload is never empty, so a zeroed header is never a valid record.
 */
final class SegmentFormat {
    static final int MAGIC = 0x534C574C; // "SLWL"
    static final int VERSION = 1;
    static final int SEGMENT_HEADER_BYTES = 24;
    static final int RECORD_HEADER_BYTES = 16;
    /** A sanity bound fixed by the format (not by configuration), so a changed limit never condemns old records. */
    static final int MAX_PAYLOAD_BYTES = 1 << 30;
    static final String SUFFIX = ".wal";
    static final Pattern FILE_NAME = Pattern.compile("(\\d{10})\\.wal");

    private SegmentFormat() {
    }

    static String fileName(long segmentId) {
        return String.format("%010d%s", segmentId, SUFFIX);
    }

    static ByteBuffer segmentHeader(long segmentId, long createdEpochMillis) {
        ByteBuffer b = ByteBuffer.allocate(SEGMENT_HEADER_BYTES);
        b.putInt(MAGIC).putInt(VERSION).putLong(segmentId).putLong(createdEpochMillis).flip();
        return b;
    }

    static int crc(long epochMillis, byte[] payload, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update((int) (epochMillis >>> 56));
        crc.update((int) (epochMillis >>> 48));
        crc.update((int) (epochMillis >>> 40));
        crc.update((int) (epochMillis >>> 32));
        crc.update((int) (epochMillis >>> 24));
        crc.update((int) (epochMillis >>> 16));
        crc.update((int) (epochMillis >>> 8));
        crc.update((int) epochMillis);
        crc.update(payload, offset, length);
        return (int) crc.getValue();
    }
}
