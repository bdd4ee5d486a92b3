package dev.sightline.store.index;

import dev.sightline.store.internal.Threads;
import dev.sightline.store.model.Signal;
import dev.sightline.store.wal.RecordPosition;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The one thread that writes the indexes. It first runs a start-up task (rebuild the hot maps, replay the logs),
 * then applies written records in the order the logs handed them over, in batches of up to
 * {@code maxBatchRecords} per transaction, interleaved in order with submitted tasks (retention's purges), so no
 * index write ever races another.
 *
 * <p>If applying a batch fails, it is retried (after a second) until it succeeds or the indexer closes: records
 * are never skipped, because the checkpoint would move past them. If the start-up task fails, no live record is
 * applied at all (the checkpoints must not move past records that were never replayed); the store stays unready.
 */
public final class Indexer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Indexer.class);
    private static final Object STOP = new Object();
    private static final long RETRY_MILLIS = 1000;

    /** Runs on the indexer thread before any live record. */
    @FunctionalInterface
    public interface Startup {
        void run(Indexer indexer) throws Exception;
    }

    /**
     * Runs on the indexer thread after each batch is committed to the indexes and before its positions count as
     * indexed (the rollups). If it throws, it is called again with the same batch until it succeeds.
     */
    @FunctionalInterface
    public interface AfterApply {
        void apply(List<IndexedRecord> records) throws Exception;
    }

    private record Task(Callable<?> callable, CompletableFuture<Object> future) {
    }

    private final IndexStore store;
    private final int maxBatchRecords;
    private final Startup startup;
    private final AfterApply afterApply;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final AtomicLongArray lag = new AtomicLongArray(Signal.values().length);
    private final AtomicLongArray indexed = new AtomicLongArray(Signal.values().length);
    private final AtomicLong applyFailures = new AtomicLong();
    private final Object progress = new Object();
    private final Thread thread;
    private volatile boolean started;
    private volatile Throwable startupFailure;
    private volatile boolean closing;
    private volatile boolean drained;

    public Indexer(IndexStore store, int maxBatchRecords, Startup startup) {
        this(store, maxBatchRecords, startup, records -> { });
    }

    public Indexer(IndexStore store, int maxBatchRecords, Startup startup, AfterApply afterApply) {
        this.store = store;
        this.maxBatchRecords = maxBatchRecords;
        this.startup = startup;
        this.afterApply = afterApply;
        for (Signal s : Signal.values()) {
            indexed.set(s.ordinal(), store.checkpoint(s));
        }
        this.thread = new Thread(this::run, "sightline-indexer");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Hands over written records (from a log's writer thread, in log order). Never blocks. */
    public void enqueue(List<IndexedRecord> records) {
        for (IndexedRecord r : records) {
            lag.incrementAndGet(r.signal().ordinal());
        }
        queue.addAll(records);
    }

    /** Runs {@code task} on the indexer thread after everything handed over before it. */
    @SuppressWarnings("unchecked")
    public <T> CompletableFuture<T> submit(Callable<T> task) {
        CompletableFuture<Object> f = new CompletableFuture<>();
        if (closing) {
            f.completeExceptionally(new IllegalStateException("indexer is closed"));
        } else {
            queue.add(new Task(task, f));
        }
        return (CompletableFuture<T>) (CompletableFuture<?>) f;
    }

    /**
     * Applies records now, on the calling thread, which must be the indexer's (from the start-up task).
     */
    public void applyDirect(List<IndexedRecord> records) throws Exception {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("applyDirect is for the start-up task");
        }
        store.apply(records);
        afterApply.apply(records);
        publish(records, false);
    }

    /** Records handed over but not yet indexed. */
    public long lag(Signal signal) {
        return lag.get(signal.ordinal());
    }

    /** Position of the last indexed record of the signal, {@link RecordPosition#NONE} if none. */
    public long indexedPosition(Signal signal) {
        return indexed.get(signal.ordinal());
    }

    /** True once the start-up task has finished successfully. */
    public boolean isStarted() {
        return started;
    }

    public Throwable startupFailure() {
        return startupFailure;
    }

    public long applyFailures() {
        return applyFailures.get();
    }

    /** Waits until started and, per signal, the record at the target position (or a later one) is indexed. */
    public boolean awaitIndexed(Map<Signal, Long> targets, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (!reached(targets)) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || startupFailure != null) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(progress, left);
            }
            return true;
        }
    }

    private boolean reached(Map<Signal, Long> targets) {
        if (!started) {
            return false;
        }
        for (Map.Entry<Signal, Long> e : targets.entrySet()) {
            if (indexed.get(e.getKey().ordinal()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void run() {
        try {
            startup.run(this);
            started = true;
        } catch (Throwable t) {
            startupFailure = t;
            LOG.errorf(t, "index: start-up failed; the store stays unready and indexes nothing until restarted");
        }
        notifyProgress();
        List<Object> items = new ArrayList<>();
        List<IndexedRecord> batch = new ArrayList<>();
        boolean clean = started;
        while (true) {
            Object first;
            try {
                first = queue.take();
            } catch (InterruptedException e) {
                continue;
            }
            items.add(first);
            queue.drainTo(items, maxBatchRecords - 1);
            boolean stop = false;
            for (Object o : items) {
                if (o instanceof IndexedRecord r) {
                    batch.add(r);
                    if (batch.size() >= maxBatchRecords) {
                        clean &= flush(batch);
                    }
                    continue;
                }
                clean &= flush(batch);
                if (o == STOP) {
                    stop = true;
                    break;
                }
                runTask((Task) o);
            }
            clean &= flush(batch);
            items.clear();
            if (stop) {
                break;
            }
        }
        drained = clean && queue.isEmpty();
    }

    /** Applies and clears the batch; false if it could not be applied (only when closing or never started). */
    private boolean flush(List<IndexedRecord> batch) {
        if (batch.isEmpty()) {
            return true;
        }
        if (!started) {
            batch.clear();
            return false;
        }
        boolean indexed = false;
        while (true) {
            try {
                if (!indexed) {
                    store.apply(batch);
                    indexed = true;
                }
                afterApply.apply(batch);
                publish(batch, true);
                batch.clear();
                return true;
            } catch (Exception e) {
                applyFailures.incrementAndGet();
                LOG.errorf(e, "index: applying %d records failed; retrying", batch.size());
                if (closing) {
                    batch.clear();
                    return false;
                }
                try {
                    Thread.sleep(RETRY_MILLIS);
                } catch (InterruptedException ie) {
                    Thread.interrupted();
                }
            }
        }
    }

    private void publish(List<IndexedRecord> records, boolean live) {
        for (IndexedRecord r : records) {
            int s = r.signal().ordinal();
            if (live) {
                lag.decrementAndGet(s);
            }
            if (r.position() > indexed.get(s)) {
                indexed.set(s, r.position());
            }
        }
        notifyProgress();
    }

    private void notifyProgress() {
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    private void runTask(Task task) {
        try {
            task.future.complete(task.callable.call());
        } catch (Throwable t) {
            task.future.completeExceptionally(t);
        }
    }

    /**
     * Applies everything handed over so far, then stops. Returns true if all of it was indexed (so the indexes are
     * complete up to the logs' ends).
     */
    @Override
    public void close() {
        closeAndDrain();
    }

    public boolean closeAndDrain() {
        closing = true;
        if (thread.isAlive() || thread.getState() == Thread.State.NEW) {
            queue.add(STOP);
        }
        if (thread.getState() == Thread.State.NEW) {
            return false;
        }
        Threads.joinUninterruptibly(thread);
        for (Object o : queue) {
            if (o instanceof Task t) {
                t.future.completeExceptionally(new IllegalStateException("indexer closed"));
            }
        }
        return drained;
    }
}
