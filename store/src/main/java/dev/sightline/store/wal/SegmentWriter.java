package dev.sightline.store.wal;

import dev.sightline.store.StoreConfig.FsyncPolicy;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes groups of records into the active segment and keeps it on disk as the {@link FsyncPolicy} says. A group
 * is copied into one reusable direct staging buffer and written with positional writes (a record larger than the
 * buffer goes straight from its array): that is a gathering write done by hand, because the JDK copies the heap
 * buffers of a gathering write into temporary direct buffers anyway, one per buffer, and caps it at 1024 buffers.
 *
 * <p>A new segment is started at the first write after open (so everything present at open stays below the log's
 * recovered end and is never appended to), when a record would take the active one past {@code segmentBytes}, or
 * when it is older than {@code segmentMaxAge}.
 *
 * <p>A failed write is cut off the file (the records wholly written before it stand); a failed {@code force} puts
 * the log in a failed state until restart, because after an fsync error the page cache cannot be trusted.
 *
 * <p>Used by the writer thread, and by a caller sealing the active segment; the two are serialized by a lock.
 */
final class SegmentWriter {
    private static final Logger LOG = Logger.getLogger(SegmentWriter.class);
    private static final int STAGING_BYTES = 4 << 20;
    private static final int HEADER = SegmentFormat.SEGMENT_HEADER_BYTES;

    private final String name;
    private final Path directory;
    private final WalOptions options;
    private final Clock clock;
    private final Segments segments;

    // Writer state: the writer thread, or a caller holding writeLock (seal, close).
    private final ReentrantLock writeLock = new ReentrantLock();
    private long nextSegmentId;
    private final ByteBuffer staging = ByteBuffer.allocateDirect(STAGING_BYTES);
    private final ByteBuffer recordHeader = ByteBuffer.allocateDirect(SegmentFormat.RECORD_HEADER_BYTES);
    private long stagedRecords;
    private long stagedNewestMillis = Long.MIN_VALUE;
    private boolean unsynced;
    private long lastForceNanos = System.nanoTime();
    private volatile IOException failure;

    private final AtomicLong fsyncs = new AtomicLong();
    private final AtomicLong fsyncNanos = new AtomicLong();
    private volatile long lastFsyncNanos;

    SegmentWriter(String name, Path directory, WalOptions options, Clock clock, Segments segments,
                  long nextSegmentId) {
        this.name = name;
        this.directory = directory;
        this.options = options;
        this.clock = clock;
        this.segments = segments;
        this.nextSegmentId = nextSegmentId;
    }

    /** The error that failed the log (appends fail until restart), or null. */
    IOException failure() {
        return failure;
    }

    /**
     * Writes a group of records, in order, and forces them to disk under {@link FsyncPolicy#ALWAYS}. Adds to
     * {@code written} the records that stand: all of them, or after a failed write those wholly written before it.
     *
     * @return the error that stopped the group (or the log's earlier failure), null if all were written
     */
    <A> IOException write(List<PendingRecord<A>> group, List<WrittenRecord<A>> written) {
        List<WrittenRecord<A>> staged = new ArrayList<>(group.size());
        writeLock.lock();
        try {
            IOException error = failure;
            if (error != null) {
                return error;
            }
            try {
                for (PendingRecord<A> p : group) {
                    int len = p.encodedBytes();
                    prepareSegment(len, p.epochMillis());
                    Segment s = segments.active();
                    long offset = s.size + staging.position();
                    staged.add(new WrittenRecord<>(RecordPosition.of(s.id, offset), p.epochMillis(), len,
                            p.attachment()));
                    stage(s, p);
                }
                flushStaging();
                if (options.fsyncPolicy() == FsyncPolicy.ALWAYS) {
                    force(segments.active());
                } else {
                    unsynced = true;
                }
                written.addAll(staged);
                return null;
            } catch (IOException e) {
                written.addAll(staged.subList(0, recoverFromWriteError(staged, e)));
                return e;
            }
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * After a failed write: records wholly written before it stand (they are in the file and may be replayed), the
     * partial bytes after them are cut off, the rest fail. Returns how many stand.
     */
    private <A> int recoverFromWriteError(List<WrittenRecord<A>> staged, IOException e) {
        LOG.errorf(e, "log %s: write failed", name);
        staging.clear();
        stagedRecords = 0;
        stagedNewestMillis = Long.MIN_VALUE;
        Segment s = segments.active();
        int ok = 0;
        for (WrittenRecord<A> w : staged) {
            // Records in an earlier segment were flushed when it was closed.
            boolean whole = s == null || RecordPosition.segmentId(w.position()) != s.id
                    || RecordPosition.offset(w.position()) + w.encodedBytes() <= s.size;
            if (!whole) {
                break;
            }
            ok++;
        }
        if (s != null && s.writeChannel != null) {
            try {
                s.writeChannel.truncate(s.size);
                s.diskBytes = s.size;
                if (ok > 0 && options.fsyncPolicy() == FsyncPolicy.ALWAYS) {
                    force(s);
                }
            } catch (IOException t) {
                fail(t);
                return 0;
            }
        }
        return ok;
    }

    private void fail(IOException e) {
        LOG.errorf(e, "log %s: giving up; appends fail until restart", name);
        failure = e;
    }

    private void prepareSegment(int len, long epochMillis) throws IOException {
        Segment s = segments.active();
        // No channel: the log just opened, or a rollover closed the old segment and failed to open the next one.
        if (s == null || s.writeChannel == null) {
            openNewSegment();
            return;
        }
        long used = s.size + staging.position();
        if (used <= HEADER) {
            return;
        }
        long maxAge = options.segmentMaxAge().toMillis();
        boolean full = used + len > options.segmentBytes();
        boolean old = maxAge > 0 && epochMillis - s.createdEpochMillis >= maxAge;
        if (full || old) {
            flushStaging();
            if (options.fsyncPolicy() != FsyncPolicy.NEVER) {
                force(s);
            }
            Segment.closeQuietly(s.writeChannel);
            s.writeChannel = null;
            openNewSegment();
        }
    }

    private void openNewSegment() throws IOException {
        long id = nextSegmentId;
        if (id > RecordPosition.MAX_SEGMENT_ID) {
            throw new IOException("log " + name + " ran out of segment ids");
        }
        Path path = directory.resolve(SegmentFormat.fileName(id));
        long created = clock.millis();
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        nextSegmentId = id + 1;
        try {
            ByteBuffer header = SegmentFormat.segmentHeader(id, created);
            while (header.hasRemaining()) {
                ch.write(header, header.position());
            }
            if (options.fsyncPolicy() == FsyncPolicy.ALWAYS) {
                ch.force(true);
                forceDirectory();
            }
        } catch (IOException e) {
            Segment.closeQuietly(ch);
            Files.deleteIfExists(path);
            throw e;
        }
        Segment s = new Segment(id, path, created, HEADER, HEADER, 0, created, false);
        s.writeChannel = ch;
        segments.add(s);
        segments.setActive(s);
    }

    private void forceDirectory() {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            LOG.debugf(e, "log %s: cannot fsync the directory", name);
        }
    }

    private void stage(Segment s, PendingRecord<?> p) throws IOException {
        int len = p.encodedBytes();
        if (len > staging.remaining()) {
            flushStaging();
        }
        if (len <= staging.remaining()) {
            staging.putInt(p.payload().length).putInt(p.crc()).putLong(p.epochMillis()).put(p.payload());
            stagedRecords++;
            stagedNewestMillis = Math.max(stagedNewestMillis, p.epochMillis());
            return;
        }
        // Larger than the staging buffer: straight to the file (rare; the JDK copies it through a temporary buffer).
        recordHeader.clear();
        recordHeader.putInt(p.payload().length).putInt(p.crc()).putLong(p.epochMillis()).flip();
        long pos = s.size;
        pos += writeFully(s.writeChannel, recordHeader, pos);
        writeFully(s.writeChannel, ByteBuffer.wrap(p.payload()), pos);
        publish(s, len, 1, p.epochMillis());
    }

    private void flushStaging() throws IOException {
        if (staging.position() == 0) {
            return;
        }
        Segment s = segments.active();
        staging.flip();
        int n = staging.remaining();
        writeFully(s.writeChannel, staging, s.size);
        staging.clear();
        publish(s, n, stagedRecords, stagedNewestMillis);
        stagedRecords = 0;
        stagedNewestMillis = Long.MIN_VALUE;
    }

    private static long writeFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            pos += ch.write(buf, pos);
        }
        return pos - position;
    }

    private static void publish(Segment s, long bytes, long records, long newestMillis) {
        s.records += records;
        s.newestEpochMillis = Math.max(s.newestEpochMillis, newestMillis);
        s.diskBytes = s.size + bytes;
        s.size = s.size + bytes; // last: readers trust bytes below size
    }

    /** Nanoseconds until an INTERVAL fsync is due; Long.MAX_VALUE if none is. Writer thread only. */
    long nanosUntilForceDue() {
        if (options.fsyncPolicy() != FsyncPolicy.INTERVAL || !unsynced) {
            return Long.MAX_VALUE;
        }
        return lastForceNanos + options.fsyncInterval().toNanos() - System.nanoTime();
    }

    /** Forces the active segment if an INTERVAL fsync is due; a failure fails the log. Writer thread only. */
    void forceIfDue() {
        if (nanosUntilForceDue() > 0) {
            return;
        }
        writeLock.lock();
        try {
            forceActive();
        } catch (IOException e) {
            fail(e);
        } finally {
            writeLock.unlock();
        }
    }

    private void forceActive() throws IOException {
        Segment s = segments.active();
        if (s != null && s.writeChannel != null) {
            force(s);
        }
        unsynced = false;
        lastForceNanos = System.nanoTime();
    }

    private void force(Segment s) throws IOException {
        long t0 = System.nanoTime();
        s.writeChannel.force(false);
        long d = System.nanoTime() - t0;
        fsyncs.incrementAndGet();
        fsyncNanos.addAndGet(d);
        lastFsyncNanos = d;
        if (s == segments.active()) {
            unsynced = false;
            lastForceNanos = t0 + d;
        }
    }

    /**
     * Closes the active segment (forced to disk unless the policy is NEVER) if it holds records; the next write
     * starts a new one. False if there was nothing to seal.
     */
    boolean seal() throws IOException {
        writeLock.lock();
        try {
            Segment s = segments.active();
            if (s == null || s.size <= HEADER || s.writeChannel == null) {
                return false;
            }
            if (options.fsyncPolicy() != FsyncPolicy.NEVER) {
                force(s);
            }
            Segment.closeQuietly(s.writeChannel);
            s.writeChannel = null;
            segments.setActive(null);
            unsynced = false;
            return true;
        } finally {
            writeLock.unlock();
        }
    }

    /** Forces the active segment to disk (unless the log has failed) and closes it. The writer thread's last act. */
    void close() {
        writeLock.lock();
        try {
            Segment s = segments.active();
            if (s != null && s.writeChannel != null) {
                try {
                    if (failure == null) {
                        force(s);
                    }
                } catch (IOException e) {
                    LOG.errorf(e, "log %s: final fsync failed", name);
                }
                Segment.closeQuietly(s.writeChannel);
                s.writeChannel = null;
            }
            segments.setActive(null);
        } finally {
            writeLock.unlock();
        }
    }

    long fsyncs() {
        return fsyncs.get();
    }

    long fsyncNanos() {
        return fsyncNanos.get();
    }

    long lastFsyncNanos() {
        return lastFsyncNanos;
    }
}
