package dev.sightline.store.wal;

import dev.sightline.store.StoreConfig.FsyncPolicy;
import dev.sightline.store.StoreOverloadedException;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One signal's append-only, checksummed log of segment files (format in {@link SegmentFormat}, positions in
 * {@link RecordPosition}).
 *
 * <p>Appenders enqueue a payload with an attachment and get a future; one writer thread writes every pending record
 * into the active segment as one group, forces it to disk as the {@link FsyncPolicy} says, hands the written records
 * to the listener in log order and then completes the futures with the records' positions
 * ({@link GroupCommitWriter}, {@link SegmentWriter}). The queue is bounded by encoded bytes: an append that would go
 * past {@code maxPendingBytes} is refused at once and queues nothing.
 *
 * <p>Opening validates the segments ({@link LogRecovery}): the last one fully (CRC of every record) and a torn or
 * corrupt tail is cut off the file; older ones by their record headers only (their CRCs are checked when they are
 * scanned or read, by {@link RecordReader}). Records are never rewritten. The writer starts a new segment at its
 * first append after open, so everything present at open lies below {@link #recoveredEnd()}.
 */
public final class WriteAheadLog<A> implements AutoCloseable {
    private final String name;
    private final Path directory;
    private final Segments segments = new Segments();
    private final LogRecovery recovery;
    private final long recoveredEnd;
    private final RecordReader reader;
    private final SegmentWriter segmentWriter;
    private final GroupCommitWriter<A> writer;

    private WriteAheadLog(String name, Path directory, WalOptions options, Clock clock,
                          Consumer<List<WrittenRecord<A>>> listener) throws IOException {
        this.name = name;
        this.directory = directory;
        this.recovery = LogRecovery.run(name, directory, segments);
        this.recoveredEnd = RecordPosition.segmentStart(recovery.nextSegmentId());
        this.reader = new RecordReader(name, segments);
        this.segmentWriter = new SegmentWriter(name, directory, options, clock, segments, recovery.nextSegmentId());
        this.writer = new GroupCommitWriter<>(name, options, clock, segmentWriter, listener);
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

    /**
     * Queues one record. The future completes with the record's position once it is written to the OS (and forced
     * to disk under {@link FsyncPolicy#ALWAYS}), or exceptionally if the write failed.
     *
     * @throws StoreOverloadedException at once, queueing nothing, when the pending bytes would exceed the limit
     * @throws IllegalArgumentException for an empty payload or one larger than the log can ever accept
     * @throws IllegalStateException    once the log is closed
     */
    public CompletableFuture<Long> append(byte[] payload, A attachment) {
        return writer.append(payload, attachment);
    }

    /**
     * Reads one record. Empty when its segment is gone (retention deleted it) or when the bytes there are not a
     * whole, intact record. Safe from any thread, concurrently with appends.
     */
    public Optional<WalRecord> read(long position) {
        return reader.read(position);
    }

    /**
     * Visits, in log order, every intact record with {@code afterPosition < position < beforePosition}. A bad
     * record ends its segment's scan (the rest of that segment is skipped and counted); later segments are still
     * read. Returns the number of records visited.
     */
    public long scan(long afterPosition, long beforePosition, Consumer<WalRecord> visitor) throws IOException {
        return reader.scan(afterPosition, beforePosition, visitor);
    }

    // ---------------------------------------------------------------------------------------------- retention

    /** Segments, oldest first. */
    public List<SegmentInfo> segments() {
        return segments.infos();
    }

    /**
     * Deletes a closed segment's file. Reads of its positions return empty from then on.
     *
     * @return the bytes freed; 0 if there is no such segment or it is the active one
     */
    public long deleteSegment(long segmentId) throws IOException {
        return segments.delete(segmentId);
    }

    /**
     * Closes the active segment (forced to disk unless the policy is NEVER) if it holds records, so retention may
     * delete it; the next append starts a new one. For a log that stopped receiving data.
     */
    public boolean sealActiveSegment() throws IOException {
        return segmentWriter.seal();
    }

    // ---------------------------------------------------------------------------------------------- lifecycle

    /** Every record present when the log was opened lies below this position; every later one at or above it. */
    public long recoveredEnd() {
        return recoveredEnd;
    }

    /** Position of the newest record written (and handed to the listener), {@link RecordPosition#NONE} if none. */
    public long lastWrittenPosition() {
        return writer.lastWrittenPosition();
    }

    public WalStats stats() {
        long bytes = 0;
        int count = 0;
        for (Segment s : segments.all()) {
            bytes += s.diskBytes;
            count++;
        }
        return new WalStats(bytes, count, writer.recordsAppended(), writer.bytesAppended(), writer.pendingBytes(),
                writer.overloadRejections(), segmentWriter.fsyncs(), segmentWriter.fsyncNanos(),
                segmentWriter.lastFsyncNanos(), recovery.truncatedTails(), recovery.truncatedBytes(),
                recovery.skippedBytes() + reader.skippedBytes(), writer.lastWrittenPosition());
    }

    /** Writes everything queued, forces the active segment to disk and closes the files. Idempotent. */
    @Override
    public void close() {
        writer.close();
        segments.closeReadChannels();
    }

    @Override
    public String toString() {
        return "WriteAheadLog[" + name + " " + directory + "]";
    }
}
