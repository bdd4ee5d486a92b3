package dev.sightline.store.engine;

import dev.sightline.store.SignalSink;
import dev.sightline.store.StoreConfig;
import dev.sightline.store.StoreOverloadedException;
import dev.sightline.store.codec.BatchCodec;
import dev.sightline.store.index.IndexDelta;
import dev.sightline.store.index.IndexOptions;
import dev.sightline.store.index.IndexStore;
import dev.sightline.store.index.IndexedRecord;
import dev.sightline.store.index.Indexer;
import dev.sightline.store.index.TraceSummary;
import dev.sightline.store.model.AggregationTemporality;
import dev.sightline.store.model.Attribute;
import dev.sightline.store.model.InstrumentationScope;
import dev.sightline.store.model.LogBatch;
import dev.sightline.store.model.LogRecord;
import dev.sightline.store.model.Metric;
import dev.sightline.store.model.MetricBatch;
import dev.sightline.store.model.MetricData;
import dev.sightline.store.model.Resource;
import dev.sightline.store.model.ResourceGroup;
import dev.sightline.store.model.ScopeGroup;
import dev.sightline.store.model.Scoped;
import dev.sightline.store.model.Signal;
import dev.sightline.store.model.Span;
import dev.sightline.store.model.SpanBatch;
import dev.sightline.store.model.SpanId;
import dev.sightline.store.model.TelemetryBatch;
import dev.sightline.store.model.TraceId;
import dev.sightline.store.read.LogReader;
import dev.sightline.store.read.MetricReader;
import dev.sightline.store.read.MetricSeries;
import dev.sightline.store.read.ServiceCatalog;
import dev.sightline.store.read.ServiceInfo;
import dev.sightline.store.read.Trace;
import dev.sightline.store.read.TraceReader;
import dev.sightline.store.read.RollupReader;
import dev.sightline.store.rollup.EdgeRollup;
import dev.sightline.store.rollup.OperationInfo;
import dev.sightline.store.rollup.RollupOptions;
import dev.sightline.store.rollup.RollupStore;
import dev.sightline.store.rollup.SpanRollup;
import dev.sightline.store.read.TraceSearcher;
import dev.sightline.store.read.LogSearcher;
import dev.sightline.store.read.CorrelationReader;
import dev.sightline.store.query.Correlation;
import dev.sightline.store.query.LogQuery;
import dev.sightline.store.query.Page;
import dev.sightline.store.query.TraceHit;
import dev.sightline.store.query.TraceQuery;
import dev.sightline.store.search.CorrelationLookup;
import dev.sightline.store.search.LogSearch;
import dev.sightline.store.search.RecordSource;
import dev.sightline.store.search.ScanBudget;
import dev.sightline.store.search.TraceAssembler;
import dev.sightline.store.search.TraceSearch;
import dev.sightline.store.retention.Retention;
import dev.sightline.store.retention.RetentionReport;
import dev.sightline.store.wal.WalOptions;
import dev.sightline.store.wal.WalRecord;
import dev.sightline.store.wal.WalStats;
import dev.sightline.store.wal.WriteAheadLog;
import dev.sightline.store.wal.WrittenRecord;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;

/**
 * The embedded store: a write-ahead log per signal, indexes derived from it (H2 + Chronicle Map), retention, and
 * the read interfaces on top. How the parts fit and why is in {@code store/README.md}.
 *
 * <p>{@link #open} recovers the logs (cutting torn tails) and the indexes, then returns at once: the indexer
 * thread replays the logs into the indexes in the background and {@link #isReady()} turns true when it is done.
 * Appends are accepted from the start (they are durable in the log; they are indexed after the replay); reads
 * before ready may miss data. Thread-safe.
 */
public final class EmbeddedStore implements SignalSink, TraceReader, LogReader, MetricReader, ServiceCatalog,
        TraceSearcher, LogSearcher, CorrelationReader, RollupReader, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EmbeddedStore.class);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    private static final long REPLAY_BATCH_BYTES = 64L << 20;
    private static final int MAX_CORRELATED_TRACES = 200;
    private static final long CALL_EXPIRY_TICK_MILLIS = 2_000;
    private static final int MAX_CORRELATED_LOGS = 5000;

    private final StoreConfig config;
    private final BatchCodec codec;
    private final IndexOptions indexOptions;
    private final Map<Signal, WriteAheadLog<IndexDelta>> logs = new EnumMap<>(Signal.class);
    private final IndexStore index;
    private final Indexer indexer;
    private final Retention retention;
    private final ScheduledExecutorService scheduler;
    private final boolean hotMapsRebuilt;
    private final RollupStore rollups;
    private final Clock clock;
    private final RecordSource records;
    private final TraceAssembler assembler;
    private final TraceSearch traceSearch;
    private final LogSearch logSearch;
    private final CorrelationLookup correlations;

    private final AtomicLongArray acceptedRecords = new AtomicLongArray(Signal.values().length);
    private final AtomicLongArray acceptedItems = new AtomicLongArray(Signal.values().length);
    private final AtomicLongArray rejectedRecords = new AtomicLongArray(Signal.values().length);
    private final AtomicLongArray replayedRecords = new AtomicLongArray(Signal.values().length);
    private final AtomicLongArray undecodableRecords = new AtomicLongArray(Signal.values().length);
    private final Object retentionLock = new Object();
    private volatile boolean closed;

    private EmbeddedStore(StoreConfig config, BatchCodec codec, Clock clock, IndexOptions indexOptions,
                          RollupOptions rollupOptions) throws IOException {
        this.config = config;
        this.clock = clock;
        this.codec = codec;
        this.indexOptions = indexOptions;
        Path root = config.dataDirectory();
        Files.createDirectories(root);
        IndexStore idx = null;
        try {
            idx = IndexStore.openOrRecreate(root.resolve("index"), indexOptions);
        } catch (java.sql.SQLException e) {
            throw new IOException("cannot open the index in " + root.resolve("index"), e);
        }
        this.index = idx;
        this.hotMapsRebuilt = idx.hotMapsNeedRebuild();
        try {
            this.rollups = RollupStore.openOrRecreate(root.resolve("rollup"), rollupOptions,
                    config.rollupRetention());
        } catch (java.sql.SQLException | IOException | RuntimeException e) {
            idx.close(false);
            throw new IOException("cannot open the rollups in " + root.resolve("rollup"), e);
        }
        this.indexer = new Indexer(idx, indexOptions.maxBatchRecords(), this::startUp, rollups::apply);
        try {
            WalOptions walOptions = WalOptions.from(config);
            for (Signal signal : Signal.values()) {
                logs.put(signal, WriteAheadLog.open(signal.lowerName(), root.resolve("wal").resolve(signal.lowerName()),
                        walOptions, clock, written -> handOver(signal, written)));
            }
        } catch (IOException | RuntimeException e) {
            logs.values().forEach(WriteAheadLog::close);
            idx.close(false);
            rollups.close();
            throw e;
        }
        this.retention = new Retention(clock, config.retention(), config.diskBudgetBytes(), logs, this::purge);
        this.records = new RecordSource() {
            @Override
            public TelemetryBatch read(Signal signal, long position) {
                return EmbeddedStore.this.read(signal, position, null);
            }

            @Override
            public TelemetryBatch readTrace(Signal signal, long position, TraceId traceId) {
                return EmbeddedStore.this.read(signal, position, traceId);
            }
        };
        this.assembler = new TraceAssembler(records);
        this.traceSearch = new TraceSearch(idx, records, ScanBudget.DEFAULT);
        this.logSearch = new LogSearch(idx, records, ScanBudget.DEFAULT);
        this.correlations = new CorrelationLookup(idx, records, config.correlationKeys(), MAX_CORRELATED_TRACES,
                MAX_CORRELATED_LOGS);
        this.indexer.start();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sightline-retention");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, config.retentionInterval().toMillis());
        scheduler.scheduleWithFixedDelay(this::scheduledRetention, every, every, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::expireWaitingCalls, CALL_EXPIRY_TICK_MILLIS, CALL_EXPIRY_TICK_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    /** On the indexer thread, like every rollup write; skipped until the replay is done. */
    private void expireWaitingCalls() {
        if (closed || !isReady()) {
            return;
        }
        indexer.submit(() -> {
            rollups.expireWaitingCalls(clock.millis());
            return null;
        }).exceptionally(e -> {
            LOG.debugf(e, "rollups: expiring waiting calls failed");
            return null;
        });
    }

    /** Opens the store in {@code config.dataDirectory()} with the default index sizes. */
    public static EmbeddedStore open(StoreConfig config, BatchCodec codec, Clock clock) throws IOException {
        return open(config, codec, clock, IndexOptions.defaults());
    }

    /** Opens the store; {@code indexOptions} size the hot maps (tests use small ones). */
    public static EmbeddedStore open(StoreConfig config, BatchCodec codec, Clock clock, IndexOptions indexOptions)
            throws IOException {
        return open(config, codec, clock, indexOptions, RollupOptions.defaults());
    }

    /** Opens the store; {@code rollupOptions} set the rollups' cardinality caps and service-graph wait. */
    public static EmbeddedStore open(StoreConfig config, BatchCodec codec, Clock clock, IndexOptions indexOptions,
                                     RollupOptions rollupOptions) throws IOException {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(clock, "clock");
        return new EmbeddedStore(config, codec, clock, Objects.requireNonNull(indexOptions, "indexOptions"),
                Objects.requireNonNull(rollupOptions, "rollupOptions"));
    }

    // -------------------------------------------------------------------------------------------------- write

    /**
     * Appends the batch to its signal's log; the stage completes when it is durable under the fsync policy. The
     * batch is indexed shortly after ({@link #awaitIndexed} waits for that).
     *
     * @throws StoreOverloadedException at once, queueing nothing, when the log's pending bytes or the index lag
     *                                  are at their limits
     * @throws IllegalStateException    once the store is closed
     */
    @Override
    public CompletionStage<Void> append(TelemetryBatch batch) {
        Objects.requireNonNull(batch, "batch");
        if (closed) {
            throw new IllegalStateException("store is closed");
        }
        Signal signal = batch.signal();
        if (batch.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        long lag = indexer.lag(signal);
        if (lag >= config.maxIndexLag()) {
            rejectedRecords.incrementAndGet(signal.ordinal());
            throw new StoreOverloadedException("the " + signal.lowerName() + " index is " + lag
                    + " records behind the log (limit " + config.maxIndexLag() + ")", RETRY_AFTER);
        }
        byte[] payload = codec.encode(batch);
        IndexDelta delta = IndexDelta.of(batch, config.correlationKeys());
        CompletableFuture<Long> written;
        try {
            written = logs.get(signal).append(payload, delta);
        } catch (StoreOverloadedException e) {
            rejectedRecords.incrementAndGet(signal.ordinal());
            throw e;
        }
        int items = batch.itemCount();
        return written.thenApply(position -> {
            acceptedRecords.incrementAndGet(signal.ordinal());
            acceptedItems.addAndGet(signal.ordinal(), items);
            return null;
        });
    }


    private void handOver(Signal signal, List<WrittenRecord<IndexDelta>> written) {
        List<IndexedRecord> records = new ArrayList<>(written.size());
        for (WrittenRecord<IndexDelta> w : written) {
            records.add(new IndexedRecord(signal, w.position(), w.epochMillis(), w.attachment()));
        }
        indexer.enqueue(records);
    }

    // -------------------------------------------------------------------------------------------------- start

    /** On the indexer thread, before any live record: refill the hot maps if needed, then replay every log. */
    private void startUp(Indexer ix) throws Exception {
        long t0 = System.nanoTime();
        try {
            catchUp(ix);
        } catch (Exception e) {
            // The indexes are derived: when they cannot be brought up to date, rebuild them from the logs rather
            // than stay unready until someone deletes them by hand.
            LOG.warnf(e, "store: the index could not be brought up to date; discarding it and rebuilding it from"
                    + " the write-ahead log");
            index.discardAndRecreate();
            for (int i = 0; i < Signal.values().length; i++) {
                replayedRecords.set(i, 0);
                undecodableRecords.set(i, 0);
            }
            catchUp(ix);
        }
        LOG.infof("store: ready in %d ms; replayed %d trace, %d log and %d metric records",
                (System.nanoTime() - t0) / 1_000_000, replayedRecords.get(0), replayedRecords.get(1),
                replayedRecords.get(2));
    }

    private void catchUp(Indexer ix) throws Exception {
        if (index.hotMapsNeedRebuild()) {
            index.rebuildHotMaps();
        }
        for (Signal signal : Signal.values()) {
            replay(ix, signal);
        }
    }

    private void replay(Indexer ix, Signal signal) throws Exception {
        WriteAheadLog<IndexDelta> log = logs.get(signal);
        long indexed = index.checkpoint(signal);
        // The rollups can be behind the index (their database is new or was recreated): the records in between
        // feed only them. They can be ahead too (the index is rebuilt after a crash, they are not): they skip what
        // they hold.
        long from = signal == Signal.TRACES ? Math.min(indexed, rollups.checkpoint()) : indexed;
        List<IndexedRecord> batch = new ArrayList<>();
        List<IndexedRecord> rollupOnly = new ArrayList<>();
        long[] batchBytes = {0};
        Consumer<WalRecord> visitor = record -> {
            IndexDelta delta;
            try {
                delta = IndexDelta.of(codec.decode(signal, record.payload()), config.correlationKeys());
            } catch (RuntimeException e) {
                undecodableRecords.incrementAndGet(signal.ordinal());
                LOG.warnf("store: cannot decode the %s record at %s (%s); it is not indexed", signal.lowerName(),
                        dev.sightline.store.wal.RecordPosition.toString(record.position()), e.toString());
                delta = IndexDelta.empty(signal);
            }
            IndexedRecord indexedRecord = new IndexedRecord(signal, record.position(), record.epochMillis(), delta);
            batchBytes[0] += record.payload().length;
            boolean full = batchBytes[0] >= REPLAY_BATCH_BYTES;
            if (record.position() <= indexed) {
                rollupOnly.add(indexedRecord);
                if (rollupOnly.size() >= indexOptions.maxBatchRecords() || full) {
                    applyToRollups(rollupOnly);
                    batchBytes[0] = 0;
                }
                return;
            }
            applyToRollups(rollupOnly);
            batch.add(indexedRecord);
            if (batch.size() >= indexOptions.maxBatchRecords() || full) {
                applyReplayed(ix, batch);
                batchBytes[0] = 0;
            }
        };
        log.scan(from, log.recoveredEnd(), visitor);
        applyToRollups(rollupOnly);
        applyReplayed(ix, batch);
    }

    /** Replayed records the index already holds; on the indexer thread (start-up), like every rollup write. */
    private void applyToRollups(List<IndexedRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        try {
            rollups.apply(records);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("replay into the rollups failed", e);
        }
        records.clear();
    }

    private void applyReplayed(Indexer ix, List<IndexedRecord> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            ix.applyDirect(batch);
        } catch (Exception e) {
            throw new IllegalStateException("replay failed", e);
        }
        replayedRecords.addAndGet(batch.get(0).signal().ordinal(), batch.size());
        batch.clear();
    }

    /** True once the logs are replayed into the indexes (and until close). */
    public boolean isReady() {
        return !closed && indexer.isStarted();
    }

    /** Waits until {@link #isReady()}; false on timeout or if the start-up failed. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return indexer.awaitIndexed(Map.of(), timeout) && !closed;
    }

    /**
     * Waits until every batch acknowledged before this call is indexed (and the store is ready), so reads see it.
     *
     * @return false on timeout
     */
    public boolean awaitIndexed(Duration timeout) throws InterruptedException {
        Map<Signal, Long> targets = new EnumMap<>(Signal.class);
        logs.forEach((signal, log) -> targets.put(signal, log.lastWrittenPosition()));
        return indexer.awaitIndexed(targets, timeout);
    }

    // --------------------------------------------------------------------------------------------------- read

    @Override
    public Optional<Trace> findTrace(TraceId traceId) {
        return assembler.trace(traceId, index.tracePositions(traceId, Signal.TRACES));
    }

    /** The hot map's summary of a trace, without reading the log. */
    public Optional<TraceSummary> traceSummary(TraceId traceId) {
        return index.traceSummary(traceId);
    }

    @Override
    public List<Scoped<LogRecord>> logsOfTrace(TraceId traceId) {
        return assembler.logs(traceId, index.tracePositions(traceId, Signal.LOGS));
    }

    @Override
    public Page<TraceHit> searchTraces(TraceQuery query) {
        return traceSearch.searchTraces(query);
    }

    /** A trace search with its own scan budget instead of the default one. */
    public Page<TraceHit> searchTraces(TraceQuery query, ScanBudget budget) {
        return new TraceSearch(index, records, budget).searchTraces(query);
    }

    @Override
    public Page<Scoped<LogRecord>> searchLogs(LogQuery query) {
        return logSearch.searchLogs(query);
    }

    /** A log search with its own scan budget instead of the default one. */
    public Page<Scoped<LogRecord>> searchLogs(LogQuery query, ScanBudget budget) {
        return new LogSearch(index, records, budget).searchLogs(query);
    }

    @Override
    public List<String> correlationKeys() {
        return correlations.correlationKeys();
    }

    @Override
    public Correlation correlate(String correlationId) {
        return correlations.correlate(correlationId);
    }

    @Override
    public List<String> metricNames() {
        return index.metricNames();
    }

    private record SeriesKey(Resource resource, InstrumentationScope scope, List<Attribute> attributes) {
    }

    private static final class SeriesPoints {
        final Metric first;
        final TreeMap<Long, MetricData.Point> points = new TreeMap<>();

        SeriesPoints(Metric first) {
            this.first = first;
        }
    }

    @Override
    public List<MetricSeries> seriesByName(String name, long fromEpochNanos, long toEpochNanos) {
        Map<SeriesKey, SeriesPoints> series = new LinkedHashMap<>();
        for (long position : index.metricPositions(name, fromEpochNanos, toEpochNanos)) {
            MetricBatch batch = (MetricBatch) read(Signal.METRICS, position);
            if (batch == null) {
                continue;
            }
            for (ResourceGroup<Metric> g : batch.resources()) {
                for (ScopeGroup<Metric> s : g.scopes()) {
                    for (Metric m : s.items()) {
                        if (!m.name().equals(name)) {
                            continue;
                        }
                        for (MetricData.Point p : m.data().points()) {
                            long t = p.epochNanos();
                            if (t < fromEpochNanos || t >= toEpochNanos) {
                                continue;
                            }
                            series.computeIfAbsent(new SeriesKey(g.resource(), s.scope(), p.attributes()),
                                    k -> new SeriesPoints(m)).points.putIfAbsent(t, p);
                        }
                    }
                }
            }
        }
        List<MetricSeries> out = new ArrayList<>(series.size());
        series.forEach((key, sp) -> {
            MetricData data = sp.first.data();
            out.add(new MetricSeries(name, sp.first.description(), sp.first.unit(), data.getClass().getSimpleName(),
                    temporality(data), data instanceof MetricData.Sum sum && sum.monotonic(), key.resource(),
                    key.scope(), key.attributes(), new ArrayList<>(sp.points.values())));
        });
        return out;
    }

    private static AggregationTemporality temporality(MetricData data) {
        if (data instanceof MetricData.Sum s) {
            return s.temporality();
        }
        if (data instanceof MetricData.Histogram h) {
            return h.temporality();
        }
        if (data instanceof MetricData.ExponentialHistogram e) {
            return e.temporality();
        }
        return AggregationTemporality.UNSPECIFIED;
    }

    @Override
    public List<ServiceInfo> services() {
        return index.services();
    }

    @Override
    public List<OperationInfo> operations(String service) {
        return rollups.operations(service);
    }

    @Override
    public List<SpanRollup> spanRollups(String service, String operation, long fromEpochMinute, long toEpochMinute) {
        return rollups.spanRollups(service, operation, fromEpochMinute, toEpochMinute);
    }

    @Override
    public List<SpanRollup> spanRollupsByHour(String service, String operation, long fromEpochMinute,
                                              long toEpochMinute) {
        return rollups.spanRollupsByHour(service, operation, fromEpochMinute, toEpochMinute);
    }

    @Override
    public List<EdgeRollup> edgeRollups(long fromEpochMinute, long toEpochMinute) {
        return rollups.edgeRollups(fromEpochMinute, toEpochMinute);
    }

    /** Reads and decodes one record; null if retention deleted it or it cannot be decoded. */
    private TelemetryBatch read(Signal signal, long position) {
        return read(signal, position, null);
    }

    /** ... only the items of {@code traceId} when it is not null. */
    private TelemetryBatch read(Signal signal, long position, TraceId traceId) {
        Optional<WalRecord> record = logs.get(signal).read(position);
        if (record.isEmpty()) {
            return null;
        }
        try {
            byte[] payload = record.get().payload();
            return traceId == null ? codec.decode(signal, payload) : codec.decodeTrace(signal, payload, traceId);
        } catch (RuntimeException e) {
            LOG.warnf("store: cannot decode the %s record at %s: %s", signal.lowerName(),
                    dev.sightline.store.wal.RecordPosition.toString(position), e.toString());
            return null;
        }
    }

    // ---------------------------------------------------------------------------------------------- retention

    /** Runs one retention pass now (the store also runs one every {@code retentionInterval}). */
    public RetentionReport runRetention() throws Exception {
        synchronized (retentionLock) {
            if (closed) {
                throw new IllegalStateException("store is closed");
            }
            if (!indexer.isStarted()) {
                return new RetentionReport(Map.of(), Map.of(), Map.of());
            }
            RetentionReport report = retention.run();
            purgeRollups();
            return report;
        }
    }

    /** Rollup rows of minutes older than the rollup retention go; by the clock, like the logs' retention. */
    private void purgeRollups() throws Exception {
        long before = Math.floorDiv(clock.millis() - config.rollupRetention().toMillis(), 60_000L);
        long rows = indexer.submit(() -> rollups.purgeBefore(before)).get();
        if (rows > 0) {
            LOG.debugf("retention: deleted %d rollup rows before minute %d", rows, before);
        }
    }

    private void scheduledRetention() {
        try {
            if (isReady()) {
                runRetention();
            }
        } catch (Throwable t) {
            LOG.errorf(t, "retention failed; it runs again in %s", config.retentionInterval());
        }
    }

    private void purge(Signal signal, long segmentId) throws Exception {
        indexer.submit(() -> index.purgeSegment(signal, segmentId)).get();
    }

    // -------------------------------------------------------------------------------------------------- stats

    public StoreStats stats() {
        Map<Signal, StoreStats.SignalStats> signals = new EnumMap<>(Signal.class);
        for (Signal s : Signal.values()) {
            WalStats w = logs.get(s).stats();
            int i = s.ordinal();
            signals.put(s, new StoreStats.SignalStats(acceptedRecords.get(i), acceptedItems.get(i),
                    rejectedRecords.get(i), w.bytesOnDisk(), w.segments(), w.pendingBytes(), indexer.lag(s),
                    w.fsyncs(), w.fsyncNanos(), w.lastFsyncNanos(), w.truncatedTails(), w.truncatedBytes(),
                    w.skippedBytes(), replayedRecords.get(i), undecodableRecords.get(i),
                    retention.deletedSegments(s), retention.deletedBytes(s)));
        }
        return new StoreStats(isReady(), signals, index.traceEntries(), index.seriesEntries(), hotMapsRebuilt,
                indexer.applyFailures(), rollups.stats());
    }

    // ---------------------------------------------------------------------------------------------- lifecycle

    /**
     * Stops retention, writes and forces everything queued in the logs, indexes it, closes the indexes and leaves
     * the clean-shutdown marker (only if all of that succeeded). Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        // Not shutdownNow: an interrupt inside a FileChannel call (sealing a segment) would close the channel for
        // the writer too. A running pass finishes; its purges still run, the indexer closes only below.
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        logs.values().forEach(WriteAheadLog::close);
        boolean drained = indexer.closeAndDrain();
        index.close(drained);
        rollups.close();
    }

    @Override
    public String toString() {
        return "EmbeddedStore[" + config.dataDirectory() + "]";
    }
}
