package dev.sightline.store.wal;

import dev.sightline.store.StoreConfig.FsyncPolicy;
import dev.sightline.store.StoreOverloadedException;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.regex.Matcher;

/**
 * One signal's append-only, checksummed log of segment files (format in {@link SegmentFormat}, positions in
 * {@link RecordPosition}).
 *
 * <p>Appenders enqueue a payload with an attachment and get a future; one writer thread drains the queue, writes
 * every pending record into the active segment (through one reusable direct staging buffer, so a group is one or a
 * few {@code write} calls), forces it to disk as the {@link FsyncPolicy} says, hands the written records to the
 * listener in log order and then completes the futures with the records' positions. The queue is bounded by
 * encoded bytes: an append that would go past {@code maxPendingBytes} is refused at once and queues nothing.
 *
 * <p>Opening validates the segments: the last one fully (CRC of every record) and a torn or corrupt tail is cut off
 * the file; older ones by their record headers only (their CRCs are checked when they are scanned or read). Records
 * are never rewritten. The writer starts a new segment at its first append after open, so everything present at
 * open lies below {@link #recoveredEnd()}.
 */
public final class WriteAheadLog<A> implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(WriteAheadLog.class);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    private static final int STAGING_BYTES = 4 << 20;
    private static final int HEADER = SegmentFormat.SEGMENT_HEADER_BYTES;
    private static final int RECORD_HEADER = SegmentFormat.RECORD_HEADER_BYTES;

    private final String name;
    private final Path directory;
    private final WalOptions options;
    private final Clock clock;
    private final Consumer<List<WrittenRecord<A>>> listener;
    private final ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();
    private final long recoveredEnd;

    // The queue between appenders and the writer.
    private final ReentrantLock queueLock = new ReentrantLock();
    private final Condition queued = queueLock.newCondition();
    private ArrayList<Pending<A>> queue = new ArrayList<>();
    private boolean closing;
    private final AtomicLong pendingBytes = new AtomicLong();

    // Writer state: the writer thread, or a caller holding writeLock (seal, close).
    private final ReentrantLock writeLock = new ReentrantLock();
    private volatile Segment active;
    private long nextSegmentId;
    private final ByteBuffer staging = ByteBuffer.allocateDirect(STAGING_BYTES);
    private final ByteBuffer recordHeader = ByteBuffer.allocateDirect(RECORD_HEADER);
    private long stagedRecords;
    private long stagedNewestMillis = Long.MIN_VALUE;
    private boolean unsynced;
    private long lastForceNanos = System.nanoTime();
    private volatile IOException failure;

    // Counters.
    private final AtomicLong recordsAppended = new AtomicLong();
    private final AtomicLong bytesAppended = new AtomicLong();
    private final AtomicLong overloadRejections = new AtomicLong();
    private final AtomicLong fsyncs = new AtomicLong();
    private final AtomicLong fsyncNanos = new AtomicLong();
    private volatile long lastFsyncNanos;
    private long truncatedTails;
    private long truncatedBytes;
    private final AtomicLong skippedBytes = new AtomicLong();
    private volatile long lastWrittenPosition = RecordPosition.NONE;

    private final Thread writer;

    private record Pending<A>(byte[] payload, int crc, long epochMillis, A attachment,
                              CompletableFuture<Long> future) {
        int encodedBytes() {
            return RECORD_HEADER + payload.length;
        }
    }

    private WriteAheadLog(String name, Path directory, WalOptions options, Clock clock,
                          Consumer<List<WrittenRecord<A>>> listener) throws IOException {
        this.name = name;
        this.directory = directory;
        this.options = options;
        this.clock = clock;
        this.listener = listener;
        recover();
        this.recoveredEnd = RecordPosition.segmentStart(nextSegmentId);
        this.writer = new Thread(this::runWriter, "sightline-wal-" + name);
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /**
     * Opens (creating if needed) the log in {@code directory}, recovering what is there.
     *
     * @param name     for thread names and messages, e.g. the signal
     * @param listener gets every written record, in log order, on the writer thread, before the appenders' futures
     *                 complete; it must be quick and must not throw
     */
    public static <A> WriteAheadLog<A> open(String name, Path directory, WalOptions options, Clock clock,
                                            Consumer<List<WrittenRecord<A>>> listener) throws IOException {
        return new WriteAheadLog<>(name, Objects.requireNonNull(directory, "directory"), options, clock, listener);
    }

    // ---------------------------------------------------------------------------------------------- appending

    /**
     * Queues one record. The future completes with the record's position once it is written to the OS (and forced
     * to disk under {@link FsyncPolicy#ALWAYS}), or exceptionally if the write failed.
     *
     * @throws StoreOverloadedException at once, queueing nothing, when the pending bytes would exceed the limit
     * @throws IllegalArgumentException for an empty payload or one larger than the log can ever accept
     * @throws IllegalStateException    once the log is closed
     */
    public CompletableFuture<Long> append(byte[] payload, A attachment) {
        Objects.requireNonNull(payload, "payload");
        if (payload.length == 0) {
            throw new IllegalArgumentException("a record payload must not be empty");
        }
        long encoded = (long) RECORD_HEADER + payload.length;
        if (encoded > options.maxRecordBytes()) {
            throw new IllegalArgumentException("record of " + encoded + " bytes exceeds the log's limit of "
                    + options.maxRecordBytes() + " bytes");
        }
        IOException failed = failure;
        if (failed != null) {
            return CompletableFuture.failedFuture(new IOException("log " + name + " has failed", failed));
        }
        reserve(encoded);
        long millis = clock.millis();
        Pending<A> p = new Pending<>(payload, SegmentFormat.crc(millis, payload, 0, payload.length), millis,
                attachment, new CompletableFuture<>());
        queueLock.lock();
        try {
            if (closing) {
                pendingBytes.addAndGet(-encoded);
                throw new IllegalStateException("log " + name + " is closed");
            }
            queue.add(p);
            if (queue.size() == 1) {
                queued.signal();
            }
        } finally {
            queueLock.unlock();
        }
        return p.future;
    }

    private void reserve(long encoded) {
        for (; ; ) {
            long current = pendingBytes.get();
            if (current + encoded > options.maxPendingBytes()) {
                overloadRejections.incrementAndGet();
                throw new StoreOverloadedException("log " + name + " has " + current
                        + " bytes waiting to be written (limit " + options.maxPendingBytes() + ")", RETRY_AFTER);
            }
            if (pendingBytes.compareAndSet(current, current + encoded)) {
                return;
            }
        }
    }

    // ------------------------------------------------------------------------------------------------- writer

    private void runWriter() {
        ArrayList<Pending<A>> batch = new ArrayList<>();
        while (true) {
            boolean stop;
            queueLock.lock();
            try {
                while (queue.isEmpty() && !closing) {
                    long waitNanos = intervalFsyncDueInNanos();
                    if (waitNanos <= 0) {
                        break;
                    }
                    try {
                        if (waitNanos == Long.MAX_VALUE) {
                            queued.await();
                        } else {
                            queued.awaitNanos(waitNanos);
                        }
                    } catch (InterruptedException e) {
                        // Only close stops the writer; it sets closing first.
                        Thread.interrupted();
                    }
                }
                ArrayList<Pending<A>> drained = queue;
                queue = batch;
                batch = drained;
                stop = closing && batch.isEmpty();
            } finally {
                queueLock.unlock();
            }
            if (!batch.isEmpty()) {
                writeBatch(batch);
                batch.clear();
            }
            if (intervalFsyncDueInNanos() <= 0) {
                writeLock.lock();
                try {
                    forceActive();
                } catch (IOException e) {
                    fail(e);
                } finally {
                    writeLock.unlock();
                }
            }
            if (stop) {
                break;
            }
        }
        writeLock.lock();
        try {
            Segment s = active;
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
            active = null;
        } finally {
            writeLock.unlock();
        }
    }

    /** Nanoseconds until an INTERVAL fsync is due; Long.MAX_VALUE if none is. Writer thread only. */
    private long intervalFsyncDueInNanos() {
        if (options.fsyncPolicy() != FsyncPolicy.INTERVAL || !unsynced) {
            return Long.MAX_VALUE;
        }
        return lastForceNanos + options.fsyncInterval().toNanos() - System.nanoTime();
    }

    private void writeBatch(List<Pending<A>> batch) {
        List<WrittenRecord<A>> written = new ArrayList<>(batch.size());
        List<Segment> segmentOf = new ArrayList<>(batch.size());
        long batchBytes = 0;
        for (Pending<A> p : batch) {
            batchBytes += p.encodedBytes();
        }
        int ok = 0;
        IOException error = null;
        writeLock.lock();
        try {
            error = failure;
            if (error == null) {
                try {
                    for (Pending<A> p : batch) {
                        int len = p.encodedBytes();
                        prepareSegment(len, p.epochMillis);
                        Segment s = active;
                        long offset = s.size + staging.position();
                        written.add(new WrittenRecord<>(RecordPosition.of(s.id, offset), p.epochMillis, len,
                                p.attachment));
                        segmentOf.add(s);
                        stage(s, p);
                    }
                    flushStaging();
                    if (options.fsyncPolicy() == FsyncPolicy.ALWAYS) {
                        force(active);
                    } else {
                        unsynced = true;
                    }
                    ok = batch.size();
                } catch (IOException e) {
                    error = e;
                    ok = recoverFromWriteError(written, segmentOf, e);
                }
            }
        } finally {
            writeLock.unlock();
        }
        pendingBytes.addAndGet(-batchBytes);
        if (ok > 0) {
            long bytes = 0;
            for (int i = 0; i < ok; i++) {
                bytes += written.get(i).encodedBytes();
            }
            recordsAppended.addAndGet(ok);
            bytesAppended.addAndGet(bytes);
            lastWrittenPosition = written.get(ok - 1).position();
            try {
                listener.accept(ok == written.size() ? written : List.copyOf(written.subList(0, ok)));
            } catch (RuntimeException e) {
                LOG.errorf(e, "log %s: listener failed", name);
            }
        }
        for (int i = 0; i < batch.size(); i++) {
            CompletableFuture<Long> f = batch.get(i).future;
            if (i < ok) {
                f.complete(written.get(i).position());
            } else {
                f.completeExceptionally(new IOException("log " + name + ": write failed", error));
            }
        }
    }

    /**
     * After a failed write: records wholly written before it stand (they are in the file and may be replayed), the
     * partial bytes after them are cut off, the rest fail. Returns how many stand.
     */
    private int recoverFromWriteError(List<WrittenRecord<A>> written, List<Segment> segmentOf, IOException e) {
        LOG.errorf(e, "log %s: write failed", name);
        staging.clear();
        stagedRecords = 0;
        stagedNewestMillis = Long.MIN_VALUE;
        Segment s = active;
        int ok = 0;
        for (int i = 0; i < written.size(); i++) {
            WrittenRecord<A> w = written.get(i);
            boolean whole = segmentOf.get(i) != s
                    || RecordPosition.offset(w.position()) + w.encodedBytes() <= (s == null ? 0 : s.size);
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
        Segment s = active;
        if (s == null) {
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
        segments.put(id, s);
        active = s;
    }

    private void forceDirectory() {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            LOG.debugf(e, "log %s: cannot fsync the directory", name);
        }
    }

    private void stage(Segment s, Pending<A> p) throws IOException {
        int len = p.encodedBytes();
        if (len > staging.remaining()) {
            flushStaging();
        }
        if (len <= staging.remaining()) {
            staging.putInt(p.payload.length).putInt(p.crc).putLong(p.epochMillis).put(p.payload);
            stagedRecords++;
            stagedNewestMillis = Math.max(stagedNewestMillis, p.epochMillis);
            return;
        }
        // Larger than the staging buffer: straight to the file (rare; the JDK copies it through a temporary buffer).
        recordHeader.clear();
        recordHeader.putInt(p.payload.length).putInt(p.crc).putLong(p.epochMillis).flip();
        long pos = s.size;
        pos += writeFully(s.writeChannel, recordHeader, pos);
        writeFully(s.writeChannel, ByteBuffer.wrap(p.payload), pos);
        publish(s, len, 1, p.epochMillis);
    }

    private void flushStaging() throws IOException {
        if (staging.position() == 0) {
            return;
        }
        Segment s = active;
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

    private void forceActive() throws IOException {
        Segment s = active;
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
        if (s == active) {
            unsynced = false;
            lastForceNanos = t0 + d;
        }
    }

    // ------------------------------------------------------------------------------------------------ reading

    /**
     * Reads one record. Empty when its segment is gone (retention deleted it) or when the bytes there are not a
     * whole, intact record. Safe from any thread, concurrently with appends.
     */
    public Optional<WalRecord> read(long position) {
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
    public long scan(long afterPosition, long beforePosition, Consumer<WalRecord> visitor) throws IOException {
        long visited = 0;
        long firstSegment = afterPosition == RecordPosition.NONE ? 0 : RecordPosition.segmentId(afterPosition);
        for (Segment s : segments.tailMap(firstSegment, true).values()) {
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
        if (s == active) {
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

    // ---------------------------------------------------------------------------------------------- retention

    /** Segments, oldest first. */
    public List<SegmentInfo> segments() {
        Segment a = active;
        List<SegmentInfo> out = new ArrayList<>(segments.size());
        for (Segment s : segments.values()) {
            out.add(new SegmentInfo(s.id, s.diskBytes, s.records, s.newestEpochMillis, s == a));
        }
        return out;
    }

    /**
     * Deletes a closed segment's file. Reads of its positions return empty from then on.
     *
     * @return the bytes freed; 0 if there is no such segment or it is the active one
     */
    public long deleteSegment(long segmentId) throws IOException {
        Segment s = segments.get(segmentId);
        if (s == null || s == active) {
            return 0;
        }
        segments.remove(segmentId, s);
        s.markDeleted();
        Files.deleteIfExists(s.path);
        return s.diskBytes;
    }

    /**
     * Closes the active segment (forced to disk unless the policy is NEVER) if it holds records, so retention may
     * delete it; the next append starts a new one. For a log that stopped receiving data.
     */
    public boolean sealActiveSegment() throws IOException {
        writeLock.lock();
        try {
            Segment s = active;
            if (s == null || s.size <= HEADER || s.writeChannel == null) {
                return false;
            }
            if (options.fsyncPolicy() != FsyncPolicy.NEVER) {
                force(s);
            }
            Segment.closeQuietly(s.writeChannel);
            s.writeChannel = null;
            active = null;
            unsynced = false;
            return true;
        } finally {
            writeLock.unlock();
        }
    }

    // ---------------------------------------------------------------------------------------------- lifecycle

    /** Every record present when the log was opened lies below this position; every later one at or above it. */
    public long recoveredEnd() {
        return recoveredEnd;
    }

    /** Position of the newest record written (and handed to the listener), {@link RecordPosition#NONE} if none. */
    public long lastWrittenPosition() {
        return lastWrittenPosition;
    }

    public WalStats stats() {
        long bytes = 0;
        int count = 0;
        for (Segment s : segments.values()) {
            bytes += s.diskBytes;
            count++;
        }
        return new WalStats(bytes, count, recordsAppended.get(), bytesAppended.get(), pendingBytes.get(),
                overloadRejections.get(), fsyncs.get(), fsyncNanos.get(), lastFsyncNanos, truncatedTails,
                truncatedBytes, skippedBytes.get(), lastWrittenPosition);
    }

    /** Writes everything queued, forces the active segment to disk and closes the files. Idempotent. */
    @Override
    public void close() {
        queueLock.lock();
        try {
            closing = true;
            queued.signalAll();
        } finally {
            queueLock.unlock();
        }
        boolean interrupted = false;
        while (writer.isAlive()) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        for (Segment s : segments.values()) {
            s.closeReadChannel();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "WriteAheadLog[" + name + " " + directory + "]";
    }

    // ----------------------------------------------------------------------------------------------- recovery

    private void recover() throws IOException {
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
            skippedBytes.addAndGet(fileSize);
            long mtime = Files.getLastModifiedTime(path).toMillis();
            segments.put(id, new Segment(id, path, mtime, 0, fileSize, 0, mtime, true));
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
                    skippedBytes.addAndGet(fileSize - validEnd);
                }
            }
        }
        segments.put(id, new Segment(id, path, created, validEnd, fileSize, records, newest, false));
    }
}
