package dev.sightline.store.wal;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;

/**
 * Validates a log's segment files at open and registers them. The last segment is checked fully (CRC of every
 * record) and a torn or corrupt tail is cut off the file; trailing files without a whole header (a crash while a
 * segment was being created) are removed. Older segments are walked by their record headers only, which is cheap
 * (their CRCs are checked when they are scanned or read); a bad record there ends that segment, and the rest of it
 * is left on disk and counted as skipped. Records are never rewritten.
 */
final class LogRecovery {
    private static final Logger LOG = Logger.getLogger(LogRecovery.class);
    private static final int HEADER = SegmentFormat.SEGMENT_HEADER_BYTES;

    private final String name;
    private final Segments segments;
    private long nextSegmentId;
    private long truncatedTails;
    private long truncatedBytes;
    private long skippedBytes;

    private LogRecovery(String name, Segments segments) {
        this.name = name;
        this.segments = segments;
    }

    /** Recovers the segments in {@code directory} (created if missing) into {@code segments}. */
    static LogRecovery run(String name, Path directory, Segments segments) throws IOException {
        LogRecovery r = new LogRecovery(name, segments);
        r.recover(directory);
        return r;
    }

    /** The id after the last segment present at open: the writer's first new segment. */
    long nextSegmentId() {
        return nextSegmentId;
    }

    long truncatedTails() {
        return truncatedTails;
    }

    long truncatedBytes() {
        return truncatedBytes;
    }

    /** Bytes after a bad record in an older segment, or of a segment without a valid header. */
    long skippedBytes() {
        return skippedBytes;
    }

    private void recover(Path directory) throws IOException {
        Files.createDirectories(directory);
        TreeMap<Long, Path> files = new TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(directory, "*" + SegmentFormat.SUFFIX)) {
            for (Path p : ds) {
                Matcher m = SegmentFormat.FILE_NAME.matcher(p.getFileName().toString());
                if (m.matches()) {
                    files.put(Long.parseLong(m.group(1)), p);
                }
            }
        }
        nextSegmentId = files.isEmpty() ? 1 : files.lastKey() + 1;
        // A crash while a segment was being created leaves a file without a whole header: drop trailing ones.
        while (!files.isEmpty()) {
            Map.Entry<Long, Path> last = files.lastEntry();
            if (readCreatedMillis(last.getValue(), last.getKey()) != null) {
                break;
            }
            long size = Files.size(last.getValue());
            LOG.warnf("log %s: segment %s has no valid header; removing it (%d bytes)", name, last.getValue(), size);
            truncatedTails++;
            truncatedBytes += size;
            Files.delete(last.getValue());
            files.remove(last.getKey());
        }
        Long lastId = files.isEmpty() ? null : files.lastKey();
        for (Map.Entry<Long, Path> e : files.entrySet()) {
            recoverSegment(e.getKey(), e.getValue(), e.getKey().equals(lastId));
        }
    }

    private static Long readCreatedMillis(Path path, long expectedId) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(HEADER);
            while (b.hasRemaining()) {
                if (ch.read(b, b.position()) < 0) {
                    return null;
                }
            }
            if (b.getInt(0) != SegmentFormat.MAGIC || b.getInt(4) != SegmentFormat.VERSION
                    || b.getLong(8) != expectedId) {
                return null;
            }
            return b.getLong(16);
        }
    }

    private void recoverSegment(long id, Path path, boolean last) throws IOException {
        long fileSize = Files.size(path);
        Long created = readCreatedMillis(path, id);
        if (created == null) {
            LOG.warnf("log %s: segment %s has no valid header; its %d bytes are skipped", name, path, fileSize);
            skippedBytes += fileSize;
            long mtime = Files.getLastModifiedTime(path).toMillis();
            segments.add(new Segment(id, path, mtime, 0, fileSize, 0, mtime, true));
            return;
        }
        long records = 0;
        long newest = created;
        long validEnd;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            RecordCursor cursor = new RecordCursor(ch::read, HEADER, fileSize, last, false);
            RecordCursor.Step step;
            while ((step = cursor.next()) == RecordCursor.Step.RECORD) {
                records++;
                newest = Math.max(newest, cursor.epochMillis());
            }
            validEnd = cursor.offset();
            if (step == RecordCursor.Step.BAD) {
                if (last) {
                    LOG.warnf("log %s: %s in %s at offset %d; cutting the last %d bytes", name, cursor.problem(),
                            path.getFileName(), validEnd, fileSize - validEnd);
                    ch.truncate(validEnd);
                    ch.force(true);
                    truncatedTails++;
                    truncatedBytes += fileSize - validEnd;
                    fileSize = validEnd;
                } else {
                    LOG.warnf("log %s: %s in %s at offset %d; skipping the %d bytes after it", name,
                            cursor.problem(), path.getFileName(), validEnd, fileSize - validEnd);
                    skippedBytes += fileSize - validEnd;
                }
            }
        }
        segments.add(new Segment(id, path, created, validEnd, fileSize, records, newest, false));
    }
}
