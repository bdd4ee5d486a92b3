package dev.sightline.store.rollup;

import dev.sightline.store.index.IndexedRecord;
import dev.sightline.store.model.Signal;
import dev.sightline.store.read.RollupReader;
import dev.sightline.store.rollup.RollupDelta.SpanCell;
import dev.sightline.store.rollup.RollupMemory.Cell;
import dev.sightline.store.rollup.RollupMemory.CellKey;
import dev.sightline.store.rollup.RollupMemory.EdgeKey;
import dev.sightline.store.rollup.RollupMemory.Entry;
import dev.sightline.store.rollup.RollupMemory.OpKey;
import dev.sightline.store.wal.RecordPosition;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The per-minute rollups in their own H2 file database ({@code <dataDirectory>/rollup/rollup.mv.db}): span
 * rollups per (service, operation, kind, minute), service-graph edges per (caller, callee, minute), and the
 * operations list. Unlike the indexes, rollups outlive the logs they were computed from (35 days against 7), so
 * they cannot be rebuilt from them and do not live under {@code index/}, which is deleted after a crash.
 *
 * <p><b>Write-back, exactly once.</b> {@link #apply} merges records into decoded rows held in memory (a busy
 * minute's row changes with every batch; writing it each time cost more than the index itself). The changed rows
 * are written together with the rollup checkpoint (the position of the last span record merged) in one
 * transaction, every {@link RollupOptions#flushInterval()}, when more than {@link RollupOptions#cachedCells()}
 * rows are in memory, before a purge and at close. A record at or below the checkpoint is skipped, so the replay
 * after a crash, which re-indexes the whole log, counts nothing twice, and re-applies exactly what the crash lost.
 *
 * <p>Writes ({@link #apply}, {@link #purgeBefore}) come from one thread, the indexer's; reads from any thread.
 * Reads see every record merged so far: they copy the rows in memory, then read the database, and of two versions
 * of one row keep the one with more requests (rows only grow, so that is the newer).
 *
 * <p>This class coordinates; {@link RollupMemory} holds the rows in memory (caps and folding included) and
 * {@link RollupDatabase} is the H2 file and its SQL.
 */
public final class RollupStore implements RollupReader, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RollupStore.class);
    /** Failures in a row, on a database that looks damaged, before it is recreated. */
    private static final int RECREATE_AFTER_FAILURES = 3;
    /** While writes fail, rows pile up in memory up to this many times the cache size; then apply fails. */
    private static final int MAX_UNWRITTEN_FACTOR = 4;

    private final Path directory;
    private final RollupOptions options;
    private final ServiceGraphMatcher matcher;
    private final long flushIntervalNanos;
    private final long retentionMinutes;
    private final long skewMinutes;
    private final RollupDatabase database;
    private final RollupMemory memory;
    /** Three days of hours: a day's golden signals and the day before stay merged. */
    private final HourRollups hours = new HourRollups(72);

    // Writer thread only.
    /** The last record merged into memory, and the last one written (the checkpoint in the database). */
    private long applied = RecordPosition.NONE;
    private long written = RecordPosition.NONE;
    private long lastFlushNanos = System.nanoTime();
    private int consecutiveFailures;

    // Counters read by stats() from any thread.
    private volatile long operationCount;
    private volatile long edgeCount;
    private volatile long pendingEdges;
    private volatile long evictedEdges;
    private volatile long foldedSpans;
    private volatile long foldedCalls;
    private volatile long outOfRangeSpans;
    private volatile long skippedRecords;
    private volatile long applyFailures;
    private volatile boolean recreated;

    private RollupStore(Path directory, RollupOptions options, Duration retention, boolean recreated)
            throws SQLException {
        this.directory = directory;
        this.options = options;
        this.matcher = new ServiceGraphMatcher(options);
        this.flushIntervalNanos = options.flushInterval().toNanos();
        this.retentionMinutes = retention.toMinutes();
        this.skewMinutes = options.maxClockSkew().toMinutes();
        this.recreated = recreated;
        this.database = new RollupDatabase(directory);
        this.memory = new RollupMemory(options);
        connect();
    }

    /** Opens the database and takes its operations, edges and checkpoint as the state in memory. */
    private void connect() throws SQLException {
        RollupDatabase.Contents contents = database.open();
        memory.reset(contents.operations(), contents.edges());
        applied = contents.checkpoint();
        written = contents.checkpoint();
        operationCount = memory.operationCount();
        edgeCount = memory.edgeCount();
    }

    /**
     * Opens the rollups in {@code directory}. A database H2 cannot read, or one of another schema version, is moved
     * aside (to {@code rollup.damaged.mv.db}, replacing an older one) and a new, empty one created, which the store
     * then refills from whatever the logs still hold. Any other failure (the database is in use, the disk is full)
     * is thrown: nothing could rebuild what a recreation would lose.
     *
     * @param retention how long rollups are kept: spans that started longer before their batch was received are
     *                  not rolled up (retention would delete them at once)
     */
    public static RollupStore openOrRecreate(Path directory, RollupOptions options, Duration retention)
            throws IOException, SQLException {
        Files.createDirectories(directory);
        try {
            return new RollupStore(directory, options, retention, false);
        } catch (SQLException e) {
            if (!RollupDatabase.unusable(e)) {
                throw e;
            }
            LOG.warnf(e, "rollup: cannot use the rollup database in %s; moving it aside and starting empty (the"
                    + " rollups are refilled from the write-ahead log, as far back as it reaches)", directory);
        }
        RollupDatabase.moveAside(directory);
        return new RollupStore(directory, options, retention, true);
    }

    /** Position of the last span record in the rollups, {@link RecordPosition#NONE} if none. */
    public long checkpoint() {
        return applied;
    }

    // ------------------------------------------------------------------------------------------------ writing

    /**
     * Merges the span records above the checkpoint, in log order, into the rollups; other records, and records at
     * or below it, are skipped, so the caller may hand the same batch again after a failure. Writes the changed
     * rows when they are due (see the class comment); a failed write is retried with the next batch, and fails
     * this call only once too many rows wait for it. Writer thread.
     */
    public void apply(List<IndexedRecord> records) throws SQLException {
        long skipped = 0;
        for (IndexedRecord r : records) {
            if (r.signal() != Signal.TRACES) {
                continue;
            }
            if (r.position() <= applied) {
                skipped++;
                continue;
            }
            merge(r);
            if (memory.cellCount() > options.cachedCells()) {
                flushOrFail();
            }
        }
        if (skipped > 0) {
            skippedRecords += skipped;
        }
        if (System.nanoTime() - lastFlushNanos >= flushIntervalNanos) {
            flushOrFail();
        }
    }

    /** The cells of the calls' edges, loaded or created; the matcher is cleared if that fails. */
    private List<Cell> edgeCells(List<ServiceGraphMatcher.Call> calls) throws SQLException {
        List<Cell> edgeCells = new ArrayList<>(calls.size());
        long foldedEdges = 0;
        try {
            for (ServiceGraphMatcher.Call call : calls) {
                Entry edge = memory.edge(call);
                if (edge.key instanceof EdgeKey k && !k.callee().equals(call.callee())) {
                    foldedEdges++;
                }
                edgeCells.add(cell(new CellKey(true, edge.id, call.epochMinute()), edge));
            }
        } catch (SQLException | RuntimeException e) {
            // The matcher has taken these sides; offered again, they would pair twice.
            matcher.clear();
            throw e;
        }
        if (foldedEdges > 0) {
            foldedCalls += foldedEdges;
        }
        return edgeCells;
    }

    /**
     * Ends the wait of client spans that have waited long enough by {@code nowMillis}, so a call to a database is on
     * the graph a few seconds after it happened even when no later span record arrives to move ingest time on.
     * Writer thread; the calls are written with the next flush, like those of a record.
     */
    public void expireWaitingCalls(long nowMillis) throws SQLException {
        long nowMinute = Math.floorDiv(nowMillis, 60_000L);
        long firstMinute = nowMinute - retentionMinutes;
        long lastMinute = nowMinute + skewMinutes;
        List<ServiceGraphMatcher.Call> calls = new ArrayList<>();
        matcher.offer(nowMillis, List.of(), call -> {
            if (call.epochMinute() >= firstMinute && call.epochMinute() <= lastMinute) {
                calls.add(call);
            }
        });
        if (calls.isEmpty()) {
            pendingEdges = matcher.pending();
            return;
        }
        List<Cell> edgeCells = edgeCells(calls);
        memory.add(List.of(), List.of(), calls, edgeCells);
        edgeCount = memory.edgeCount();
        pendingEdges = matcher.pending();
    }

    /**
     * Merges one record. The rows it needs are loaded first, so a failed read leaves nothing half-merged (only
     * rows loaded and entries created, which are no data) and the record can be merged again.
     */
    private void merge(IndexedRecord r) throws SQLException {
        RollupDelta delta = r.delta().rollup();
        // Minutes the rollups keep, relative to when the record was received (not to now: a replay decides alike).
        long receivedMinute = Math.floorDiv(r.epochMillis(), 60_000L);
        long firstMinute = receivedMinute - retentionMinutes;
        long lastMinute = receivedMinute + skewMinutes;
        List<SpanCell> spanDeltas = new ArrayList<>(delta.cells().size());
        List<Cell> spanCells = new ArrayList<>(delta.cells().size());
        long folded = 0;
        long outOfRange = 0;
        for (SpanCell c : delta.cells()) {
            if (c.epochMinute() < firstMinute || c.epochMinute() > lastMinute) {
                outOfRange += c.requests();
                continue;
            }
            spanDeltas.add(c);
            Entry op = memory.operation(c);
            if (op.key instanceof OpKey k && !k.name().equals(c.operation())) {
                folded += c.requests();
            }
            spanCells.add(cell(new CellKey(false, op.id, c.epochMinute()), op));
        }
        List<ServiceGraphMatcher.Call> calls = new ArrayList<>();
        matcher.offer(r.epochMillis(), delta.edges(), call -> {
            if (call.epochMinute() >= firstMinute && call.epochMinute() <= lastMinute) {
                calls.add(call);
            }
        });
        List<Cell> edgeCells = edgeCells(calls);
        memory.add(spanDeltas, spanCells, calls, edgeCells);
        for (SpanCell c : spanDeltas) {
            hours.touched(c.epochMinute());
        }
        applied = r.position();
        operationCount = memory.operationCount();
        edgeCount = memory.edgeCount();
        pendingEdges = matcher.pending();
        evictedEdges = matcher.evicted();
        if (folded > 0) {
            foldedSpans += folded;
        }
        if (outOfRange > 0) {
            outOfRangeSpans += outOfRange;
        }
    }

    /** The cell in memory, else its row, else a new one. */
    private Cell cell(CellKey key, Entry owner) throws SQLException {
        Cell c = memory.cached(key);
        if (c != null) {
            return c;
        }
        c = owner.stored ? database.readCell(key, owner) : null;
        return memory.put(c != null ? c : Cell.empty(key, owner));
    }

    private void flushOrFail() throws SQLException {
        try {
            flush();
            consecutiveFailures = 0;
        } catch (SQLException | RuntimeException e) {
            applyFailures++;
            consecutiveFailures++;
            database.rollbackQuietly();
            if (consecutiveFailures >= RECREATE_AFTER_FAILURES && RollupDatabase.looksDamaged(e)) {
                // Only this process writes here, so a lock that never frees or a corrupt page is something a crash
                // left in the file; nothing rebuilds it either way, and ingest must not stall on it.
                LOG.errorf(e, "rollup: writing to the rollup database in %s failed %d times in a row; recreating "
                        + "it empty (the rollups so far are lost)", directory, consecutiveFailures);
                discardAndRecreate();
                return;
            }
            if (memory.cellCount() > MAX_UNWRITTEN_FACTOR * Math.max(1024, options.cachedCells())) {
                throw e;
            }
            LOG.warnf(e, "rollup: writing the rollups failed; retrying with the next batch");
        }
    }

    /** Writes the changed rows and entries and the checkpoint in one transaction, then trims the cache. */
    private void flush() throws SQLException {
        if (!memory.changed() && written == applied) {
            lastFlushNanos = System.nanoTime();
            return;
        }
        database.write(memory.changedEntries(), memory.changedCells(), applied);
        written = applied;
        lastFlushNanos = System.nanoTime();
        memory.written();
    }

    private void discardAndRecreate() throws SQLException {
        database.discard();
        matcher.clear();
        hours.clear();
        recreated = true;
        consecutiveFailures = 0;
        connect();
    }

    /**
     * Deletes the rollup rows of minutes before {@code epochMinute}, and the operations and edges last seen before
     * it. Writes what is in memory first. Writer thread.
     *
     * @return rows deleted
     */
    public long purgeBefore(long epochMinute) throws SQLException {
        try {
            flush();
        } catch (SQLException | RuntimeException e) {
            database.rollbackQuietly();
            throw e;
        }
        long rows = database.deleteBefore(epochMinute);
        memory.forgetBefore(epochMinute);
        hours.clear();
        operationCount = memory.operationCount();
        edgeCount = memory.edgeCount();
        return rows;
    }

    // ------------------------------------------------------------------------------------------------ reading

    @Override
    public List<OperationInfo> operations(String service) {
        return memory.operations(service);
    }

    @Override
    public List<SpanRollup> spanRollups(String service, String operation, long fromEpochMinute, long toEpochMinute) {
        Map<CellKey, SpanRollup> rows = memory.spanRollups(service, operation, fromEpochMinute, toEpochMinute);
        database.readNewerSpanRollups(service, operation, fromEpochMinute, toEpochMinute, rows);
        List<SpanRollup> out = new ArrayList<>(rows.values());
        out.sort(Comparator.comparing(SpanRollup::service).thenComparing(SpanRollup::operation)
                .thenComparing(SpanRollup::kind).thenComparingLong(SpanRollup::epochMinute));
        return out;
    }

    /**
     * Like {@link #spanRollups}, but every whole hour inside the range comes as one row per operation and kind
     * ({@code epochMinute} = the hour's first minute), merged once and kept (see {@link HourRollups}); the minutes
     * before the first whole hour and after the last come as they are. For sums over long ranges.
     */
    @Override
    public List<SpanRollup> spanRollupsByHour(String service, String operation, long fromEpochMinute,
                                              long toEpochMinute) {
        long firstHour = Math.floorDiv(fromEpochMinute + HourRollups.MINUTES - 1, HourRollups.MINUTES)
                * HourRollups.MINUTES;
        long lastHour = Math.floorDiv(toEpochMinute, HourRollups.MINUTES) * HourRollups.MINUTES;
        if (firstHour >= lastHour) {
            return spanRollups(service, operation, fromEpochMinute, toEpochMinute);
        }
        List<SpanRollup> out = new ArrayList<>(spanRollups(service, operation, fromEpochMinute, firstHour));
        for (long h = firstHour; h < lastHour; h += HourRollups.MINUTES) {
            for (SpanRollup r : hours.hour(h, m -> spanRollups(null, null, m, m + HourRollups.MINUTES))) {
                if ((service == null || service.equals(r.service()))
                        && (operation == null || operation.equals(r.operation()))) {
                    out.add(new SpanRollup(r.service(), r.operation(), r.kind(), r.epochMinute(), r.requests(),
                            r.errors(), r.ok().copy(), r.failed().copy()));
                }
            }
        }
        out.addAll(spanRollups(service, operation, lastHour, toEpochMinute));
        return out;
    }

    @Override
    public List<EdgeRollup> edgeRollups(long fromEpochMinute, long toEpochMinute) {
        Map<CellKey, EdgeRollup> rows = memory.edgeRollups(fromEpochMinute, toEpochMinute);
        database.readNewerEdgeRollups(fromEpochMinute, toEpochMinute, rows);
        List<EdgeRollup> out = new ArrayList<>(rows.values());
        out.sort(Comparator.comparing(EdgeRollup::caller).thenComparing(EdgeRollup::callee)
                .thenComparing(EdgeRollup::virtualCallee).thenComparingLong(EdgeRollup::epochMinute));
        return out;
    }

    public RollupStats stats() {
        return new RollupStats(operationCount, edgeCount, pendingEdges, evictedEdges, foldedSpans, foldedCalls,
                outOfRangeSpans, skippedRecords, applyFailures, recreated);
    }

    // ---------------------------------------------------------------------------------------------- lifecycle

    /**
     * Writes what is in memory and shuts the database down; the service-graph sides still waiting are lost. If
     * the write fails, the replay at the next start re-applies what it lacked.
     */
    @Override
    public void close() {
        try {
            flush();
            database.shutdown();
        } catch (SQLException | RuntimeException e) {
            LOG.warnf(e, "rollup: writing and closing the rollup database failed; the next start replays what it"
                    + " lacks from the write-ahead log");
            database.rollbackQuietly();
            database.closeQuietly();
            return;
        }
        database.dispose();
    }
}
