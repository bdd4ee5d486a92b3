package dev.sightline.store.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Walks the records of one segment sequentially through a read window, between a start offset and an end offset.
 * Used to validate segments at open (with or without checking CRCs) and to scan them for replay.
 */
final class RecordCursor {

    /** What {@link #next()} found. */
    enum Step { RECORD, END, BAD }

    @FunctionalInterface
    interface PositionalReader {
        int read(ByteBuffer dst, long position) throws IOException;
    }

    private static final int WINDOW_BYTES = 1 << 20;

    private final PositionalReader reader;
    private final long end;
    private final boolean verify;
    private final boolean wantPayload;
    private final ByteBuffer window;
    private long windowStart;

    private long offset;
    private long recordOffset;
    private long epochMillis;
    private byte[] payload;
    private String problem;

    RecordCursor(PositionalReader reader, long start, long end, boolean verify, boolean wantPayload) {
        this.reader = reader;
        this.offset = start;
        this.end = end;
        this.verify = verify;
        this.wantPayload = wantPayload;
        this.window = ByteBuffer.allocate((int) Math.max(64, Math.min(WINDOW_BYTES, end - start)));
        this.window.limit(0);
    }

    Step next() throws IOException {
        if (offset >= end) {
            return Step.END;
        }
        int h = SegmentFormat.RECORD_HEADER_BYTES;
        if (end - offset < h || !ensure(offset, h)) {
            return bad("short record header");
        }
        int at = (int) (offset - windowStart);
        int length = window.getInt(at);
        int crc = window.getInt(at + 4);
        long millis = window.getLong(at + 8);
        if (length <= 0 || length > SegmentFormat.MAX_PAYLOAD_BYTES || offset + h + length > end) {
            return bad(length == 0 && crc == 0 ? "zeroed record header" : "record length out of range: " + length);
        }
        if (verify || wantPayload) {
            byte[] array;
            int from;
            boolean inWindow = h + length <= window.capacity();
            if (inWindow) {
                if (!ensure(offset, h + length)) {
                    return bad("short record");
                }
                array = window.array();
                from = window.arrayOffset() + (int) (offset - windowStart) + h;
            } else {
                array = new byte[length];
                from = 0;
                ByteBuffer dst = ByteBuffer.wrap(array);
                long pos = offset + h;
                while (dst.hasRemaining()) {
                    int n = reader.read(dst, pos);
                    if (n < 0) {
                        return bad("short record");
                    }
                    pos += n;
                }
            }
            if (verify && SegmentFormat.crc(millis, array, from, length) != crc) {
                return bad("checksum mismatch");
            }
            payload = !wantPayload ? null : inWindow ? Arrays.copyOfRange(array, from, from + length) : array;
        }
        recordOffset = offset;
        epochMillis = millis;
        offset += h + length;
        return Step.RECORD;
    }

    private Step bad(String why) {
        problem = why;
        return Step.BAD;
    }

    /** Makes [off, off + n) available in the window; false if the file ends first. */
    private boolean ensure(long off, int n) throws IOException {
        if (off >= windowStart && off + n <= windowStart + window.limit()) {
            return true;
        }
        window.clear();
        window.limit((int) Math.min(window.capacity(), end - off));
        windowStart = off;
        long pos = off;
        while (window.hasRemaining()) {
            int r = reader.read(window, pos);
            if (r < 0) {
                break;
            }
            pos += r;
        }
        window.flip();
        return window.limit() >= n;
    }

    /** Offset of the next record: after a BAD step, the offset of the bad record (the end of the good prefix). */
    long offset() {
        return offset;
    }

    long recordOffset() {
        return recordOffset;
    }

    long epochMillis() {
        return epochMillis;
    }

    byte[] payload() {
        return payload;
    }

    String problem() {
        return problem;
    }
}
