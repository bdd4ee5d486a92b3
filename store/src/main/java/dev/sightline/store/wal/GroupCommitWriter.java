package dev.sightline.store.wal;

import dev.sightline.store.internal.Threads;
import dev.sightline.store.StoreConfig.FsyncPolicy;
import dev.sightline.store.StoreOverloadedException;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The queue between a log's appenders and its one writer thread. Appenders enqueue a payload with an attachment and
 * get a future; the writer takes everything queued as one group, has the {@link SegmentWriter} write it (and force
 * it under {@link FsyncPolicy#ALWAYS}), hands the written records to the listener in log order and then completes
 * the futures with the records' positions. Between groups it forces the active segment when an
 * {@link FsyncPolicy#INTERVAL} fsync is due.
 *
 * <p>The queue is bounded by encoded bytes: an append that would go past {@code maxPendingBytes} is refused at once
 * and queues nothing.
 */
final class GroupCommitWriter<A> {
    private static final Logger LOG = Logger.getLogger(GroupCommitWriter.class);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final String name;
    private final WalOptions options;
    private final Clock clock;
    private final SegmentWriter segmentWriter;
    private final Consumer<List<WrittenRecord<A>>> listener;

    private final ReentrantLock queueLock = new ReentrantLock();
    private final Condition queued = queueLock.newCondition();
    private ArrayList<PendingRecord<A>> queue = new ArrayList<>();
    private boolean closing;
    private final AtomicLong pendingBytes = new AtomicLong();

    private final AtomicLong recordsAppended = new AtomicLong();
    private final AtomicLong bytesAppended = new AtomicLong();
    private final AtomicLong overloadRejections = new AtomicLong();
    private volatile long lastWrittenPosition = RecordPosition.NONE;

    private final Thread thread;

    /** Starts the writer thread. */
    GroupCommitWriter(String name, WalOptions options, Clock clock, SegmentWriter segmentWriter,
                      Consumer<List<WrittenRecord<A>>> listener) {
        this.name = name;
        this.options = options;
        this.clock = clock;
        this.segmentWriter = segmentWriter;
        this.listener = listener;
        this.thread = new Thread(this::run, "sightline-wal-" + name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** See {@link WriteAheadLog#append}. */
    CompletableFuture<Long> append(byte[] payload, A attachment) {
        Objects.requireNonNull(payload, "payload");
        if (payload.length == 0) {
            throw new IllegalArgumentException("a record payload must not be empty");
        }
        long encoded = (long) SegmentFormat.RECORD_HEADER_BYTES + payload.length;
        if (encoded > options.maxRecordBytes()) {
            throw new IllegalArgumentException("record of " + encoded + " bytes exceeds the log's limit of "
                    + options.maxRecordBytes() + " bytes");
        }
        IOException failed = segmentWriter.failure();
        if (failed != null) {
            return CompletableFuture.failedFuture(new IOException("log " + name + " has failed", failed));
        }
        reserve(encoded);
        long millis = clock.millis();
        PendingRecord<A> p = new PendingRecord<>(payload, SegmentFormat.crc(millis, payload, 0, payload.length),
                millis, attachment, new CompletableFuture<>());
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
        return p.future();
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

    private void run() {
        ArrayList<PendingRecord<A>> batch = new ArrayList<>();
        while (true) {
            boolean stop;
            queueLock.lock();
            try {
                while (queue.isEmpty() && !closing) {
                    long waitNanos = segmentWriter.nanosUntilForceDue();
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
                ArrayList<PendingRecord<A>> drained = queue;
                queue = batch;
                batch = drained;
                stop = closing && batch.isEmpty();
            } finally {
                queueLock.unlock();
            }
            if (!batch.isEmpty()) {
                try {
                    writeBatch(batch);
                } catch (RuntimeException e) {
                    failUnwritten(batch, e);
                }
                batch.clear();
            }
            segmentWriter.forceIfDue();
            if (stop) {
                break;
            }
        }
        segmentWriter.close();
    }

    private void writeBatch(List<PendingRecord<A>> batch) {
        long batchBytes = 0;
        for (PendingRecord<A> p : batch) {
            batchBytes += p.encodedBytes();
        }
        List<WrittenRecord<A>> written = new ArrayList<>(batch.size());
        IOException error = segmentWriter.write(batch, written);
        pendingBytes.addAndGet(-batchBytes);
        int ok = written.size();
        if (ok > 0) {
            long bytes = 0;
            for (WrittenRecord<A> w : written) {
                bytes += w.encodedBytes();
            }
            recordsAppended.addAndGet(ok);
            bytesAppended.addAndGet(bytes);
            lastWrittenPosition = written.get(ok - 1).position();
            try {
                listener.accept(written);
            } catch (RuntimeException e) {
                LOG.errorf(e, "log %s: listener failed", name);
            }
        }
        for (int i = 0; i < batch.size(); i++) {
            CompletableFuture<Long> f = batch.get(i).future();
            if (i < ok) {
                f.complete(written.get(i).position());
            } else {
                f.completeExceptionally(new IOException("log " + name + ": write failed", error));
            }
        }
    }

    /**
     * A bug, not an I/O error, stopped a write: the thread must live on (it is the only writer), and no caller may
     * wait for ever or keep pending bytes that block every later append.
     */
    private void failUnwritten(List<PendingRecord<A>> batch, RuntimeException e) {
        LOG.errorf(e, "log %s: writing a group failed unexpectedly", name);
        long bytes = 0;
        for (PendingRecord<A> p : batch) {
            if (!p.future().isDone()) {
                bytes += p.encodedBytes();
                p.future().completeExceptionally(e);
            }
        }
        pendingBytes.addAndGet(-bytes);
    }

    /** Lets the writer write everything queued, then waits for it to force and close the active segment. */
    void close() {
        queueLock.lock();
        try {
            closing = true;
            queued.signalAll();
        } finally {
            queueLock.unlock();
        }
        Threads.joinUninterruptibly(thread);
    }

    long pendingBytes() {
        return pendingBytes.get();
    }

    long recordsAppended() {
        return recordsAppended.get();
    }

    long bytesAppended() {
        return bytesAppended.get();
    }

    long overloadRejections() {
        return overloadRejections.get();
    }

    long lastWrittenPosition() {
        return lastWrittenPosition;
    }
}
