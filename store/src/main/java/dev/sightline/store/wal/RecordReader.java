package dev.sightline.store.wal;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Reads one log's records back: one by position (queries), or a range in log order (replay). CRCs are checked on
 * every read. Safe from any thread, concurrently with appends and with retention deleting segments.
 */
final class RecordReader {
    private static final Logger LOG = Logger.getLogger(RecordReader.class);
    private static final int HEADER = SegmentFormat.SEGMENT_HEADER_BYTES;
    private static final int RECORD_HEADER = SegmentFormat.RECORD_HEADER_BYTES;

    private final String name;
    private final Segments segments;
    private final AtomicLong skippedBytes = new AtomicLong();

    RecordReader(String name, Segments segments) {
        this.name = name;
        this.segments = segments;
    }

    /**
     * Reads one record. Empty when its segment is gone (retention deleted it) or when the bytes there are not a
     * whole, intact record.
     */
    Optional<WalRecord> read(long position) {
        Segment s = segments.get(RecordPosition.segmentId(position));
        long offset = RecordPosition.offset(position);
        if (s == null || s.unreadable || offset < HEADER) {
            return Optional.empty();
        }
        long end = s.size;
        if (offset + RECORD_HEADER > end) {
            return Optional.empty();
        }
        try {
            ByteBuffer header = ByteBuffer.allocate(RECORD_HEADER);
            if (!s.readFully(header, offset)) {
                return Optional.empty();
            }
            int length = header.getInt(0);
            int crc = header.getInt(4);
            long millis = header.getLong(8);
            if (length <= 0 || offset + RECORD_HEADER + length > end) {
                return Optional.empty();
            }
            byte[] payload = new byte[length];
            if (!s.readFully(ByteBuffer.wrap(payload), offset + RECORD_HEADER)) {
                return Optional.empty();
            }
            if (SegmentFormat.crc(millis, payload, 0, length) != crc) {
                LOG.warnf("log %s: checksum mismatch reading %s", name, RecordPosition.toString(position));
                return Optional.empty();
            }
            return Optional.of(new WalRecord(position, millis, payload));
        } catch (IOException e) {
            if (s.isDeleted()) {
                return Optional.empty();
            }
            throw new UncheckedIOException("log " + name + ": cannot read " + RecordPosition.toString(position), e);
        }
    }

    /**
     * Visits, in log order, every intact record with {@code afterPosition < position < beforePosition}. A bad
     * record ends its segment's scan (the rest of that segment is skipped and counted); later segments are still
     * read. Returns the number of records visited.
     */
    long scan(long afterPosition, long beforePosition, Consumer<WalRecord> visitor) throws IOException {
        long visited = 0;
        long firstSegment = afterPosition == RecordPosition.NONE ? 0 : RecordPosition.segmentId(afterPosition);
        for (Segment s : segments.from(firstSegment)) {
            if (RecordPosition.segmentStart(s.id) >= beforePosition) {
                break;
            }
            if (s.unreadable || s.isDeleted()) {
                continue;
            }
            long end = s.size;
            long start = HEADER;
            if (afterPosition != RecordPosition.NONE && s.id == firstSegment) {
                start = Math.max(HEADER, RecordPosition.offset(afterPosition));
            }
            if (start >= end) {
                continue;
            }
            RecordCursor cursor = new RecordCursor(s::read, start, end, true, true);
            while (true) {
                RecordCursor.Step step = cursor.next();
                if (step == RecordCursor.Step.END) {
                    break;
                }
                if (step == RecordCursor.Step.BAD) {
                    if (s.isDeleted()) {
                        break;
                    }
                    noteCorruption(s, cursor.offset(), end, cursor.problem());
                    break;
                }
                long pos = RecordPosition.of(s.id, cursor.recordOffset());
                if (pos >= beforePosition) {
                    return visited;
                }
                if (pos > afterPosition) {
                    visitor.accept(new WalRecord(pos, cursor.epochMillis(), cursor.payload()));
                    visited++;
                }
            }
        }
        return visited;
    }

    private void noteCorruption(Segment s, long badOffset, long end, String problem) {
        if (s == segments.active()) {
            LOG.errorf("log %s: %s at %s in the active segment", name, problem,
                    RecordPosition.toString(RecordPosition.of(s.id, badOffset)));
            return;
        }
        synchronized (s) {
            if (s.size > badOffset) {
                LOG.warnf("log %s: %s at %s; skipping the %d bytes after it in that segment", name, problem,
                        RecordPosition.toString(RecordPosition.of(s.id, badOffset)), end - badOffset);
                skippedBytes.addAndGet(s.size - badOffset);
                s.size = badOffset;
            }
        }
    }

    /** Bytes found bad by scans and cut from their segment's readable end. */
    long skippedBytes() {
        return skippedBytes.get();
    }
}
