package dev.sightline.store.rollup;

import dev.sightline.store.index.IndexException;
import dev.sightline.store.index.IndexedRecord;
import dev.sightline.store.model.Signal;
import dev.sightline.store.model.SpanKind;
import dev.sightline.store.read.RollupReader;
import dev.sightline.store.rollup.RollupDelta.SpanCell;
import dev.sightline.store.wal.RecordPosition;
import org.h2.api.ErrorCode;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 */
public final class RollupStore implements RollupReader, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RollupStore.class);
    private static final String DB_NAME = "rollup";
    private static final int SCHEMA_VERSION = 1;
    /** Failures in a row, on a database that looks damaged, before it is recreated. */
    private static final int RECREATE_AFTER_FAILURES = 3;
    /** H2 error codes of a file that cannot be read as this schema: damaged, or another version. */
    private static final Set<Integer> UNUSABLE_FILE = Set.of(ErrorCode.FILE_CORRUPTED_1,
            ErrorCode.FILE_VERSION_ERROR_1, ErrorCode.GENERAL_ERROR_1);
    /** While writes fail, rows pile up in memory up to this many times the cache size; then apply fails. */
    private static final int MAX_UNWRITTEN_FACTOR = 4;

    private final Path directory;
    private final RollupOptions options;
    private final ServiceGraphMatcher matcher;
    private final long flushIntervalNanos;
    private final long retentionMinutes;
    private final long skewMinutes;
    private JdbcConnectionPool pool;
    private Connection writer;

    /**
     * Guards what readers copy from memory: the cells and the operation and edge maps. The writer changes them
     * only while holding it; it reads them without.
     */
    private final Object memory = new Object();
    private final Map<OpKey, Entry> operations = new HashMap<>();
    private final Map<String, Integer> operationsPerService = new HashMap<>();
    private final Map<EdgeKey, Entry> edges = new HashMap<>();
    private final Map<String, Integer> calleesPerCaller = new HashMap<>();
    private final LinkedHashMap<CellKey, Cell> cells = new LinkedHashMap<>(256, 0.75f, true);

    // Writer thread only.
    private final Set<Cell> dirty = new LinkedHashSet<>();
    private final Set<Entry> changedEntries = new LinkedHashSet<>();
    private int nextOperationId;
    private int nextEdgeId;
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

    private record OpKey(String service, String name, SpanKind kind) {
    }

    private record EdgeKey(String caller, String callee, boolean virtualCallee) {
    }

    /**
     * An operation ({@link OpKey}) or edge ({@link EdgeKey}): its surrogate id (rows stay small), its newest minute
     * (what retention forgets it by), and whether its row is written.
     */
    private static final class Entry {
        final Object key;
        final int id;
        long lastMinute;
        boolean stored;

        Entry(Object key, int id, long lastMinute, boolean stored) {
            this.key = key;
            this.id = id;
            this.lastMinute = lastMinute;
            this.stored = stored;
        }
    }

    /** A span rollup row (edge = false, id of an operation) or an edge rollup row (edge = true, id of an edge). */
    private record CellKey(boolean edge, int id, long minute) {
    }

    /** A row, decoded. For an edge, {@code ok} holds every call's latency and {@code failed} is null. */
    private static final class Cell {
        final CellKey key;
        final Entry owner;
        long count;
        long errors;
        final LatencySketch ok;
        final LatencySketch failed;

        Cell(CellKey key, Entry owner, long count, long errors, LatencySketch ok, LatencySketch failed) {
            this.key = key;
            this.owner = owner;
            this.count = count;
            this.errors = errors;
            this.ok = ok;
            this.failed = failed;
        }
    }

    private RollupStore(Path directory, RollupOptions options, Duration retention, boolean recreated)
            throws SQLException {
        this.directory = directory;
        this.options = options;
        this.matcher = new ServiceGraphMatcher(options);
        this.flushIntervalNanos = options.flushInterval().toNanos();
        this.retentionMinutes = retention.toMinutes();
        this.skewMinutes = options.maxClockSkew().toMinutes();
        this.recreated = recreated;
        connect();
    }

    private void connect() throws SQLException {
        pool = JdbcConnectionPool.create("jdbc:h2:file:" + directory.resolve(DB_NAME).toAbsolutePath()
                + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "");
        pool.setMaxConnections(8);
        try {
            writer = pool.getConnection();
            createSchema();
            loadState();
        } catch (SQLException | RuntimeException e) {
            closeQuietly();
            throw e;
        }
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
            if (!UNUSABLE_FILE.contains(e.getErrorCode())) {
                throw e;
            }
            LOG.warnf(e, "rollup: cannot use the rollup database in %s; moving it aside and starting empty (the"
                    + " rollups are refilled from the write-ahead log, as far back as it reaches)", directory);
        }
        moveAside(directory);
        return new RollupStore(directory, options, retention, true);
    }

    private static void moveAside(Path directory) throws IOException {
        Path db = directory.resolve(DB_NAME + ".mv.db");
        if (Files.exists(db)) {
            Files.move(db, directory.resolve(DB_NAME + ".damaged.mv.db"), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.deleteIfExists(directory.resolve(DB_NAME + ".trace.db"));
    }

    private void createSchema() throws SQLException {
        try (Statement st = writer.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS meta(k VARCHAR PRIMARY KEY, v VARCHAR NOT NULL)");
            String version = null;
            try (ResultSet rs = st.executeQuery("SELECT v FROM meta WHERE k = 'schema'")) {
                if (rs.next()) {
                    version = rs.getString(1);
                }
            }
            if (version != null && !version.equals(Integer.toString(SCHEMA_VERSION))) {
                throw new SQLException("rollup schema version " + version + " is not " + SCHEMA_VERSION, "90048",
                        ErrorCode.FILE_VERSION_ERROR_1);
            }
            st.execute("CREATE TABLE IF NOT EXISTS checkpoint(signal TINYINT PRIMARY KEY, pos BIGINT NOT NULL)");
            st.execute("CREATE TABLE IF NOT EXISTS operation(id INT PRIMARY KEY, service VARCHAR NOT NULL, "
                    + "name VARCHAR NOT NULL, kind TINYINT NOT NULL, last_minute BIGINT NOT NULL, "
                    + "UNIQUE(service, name, kind))");
            st.execute("CREATE TABLE IF NOT EXISTS span_rollup(op_id INT NOT NULL, epoch_minute BIGINT NOT NULL, "
                    + "requests BIGINT NOT NULL, errors BIGINT NOT NULL, ok_sketch VARBINARY, "
                    + "failed_sketch VARBINARY, PRIMARY KEY(op_id, epoch_minute))");
            st.execute("CREATE INDEX IF NOT EXISTS span_rollup_minute ON span_rollup(epoch_minute)");
            st.execute("CREATE TABLE IF NOT EXISTS edge(id INT PRIMARY KEY, caller VARCHAR NOT NULL, "
                    + "callee VARCHAR NOT NULL, virtual_callee BOOLEAN NOT NULL, last_minute BIGINT NOT NULL, "
                    + "UNIQUE(caller, callee, virtual_callee))");
            st.execute("CREATE TABLE IF NOT EXISTS edge_rollup(edge_id INT NOT NULL, "
                    + "epoch_minute BIGINT NOT NULL, calls BIGINT NOT NULL, errors BIGINT NOT NULL, sketch VARBINARY, "
                    + "PRIMARY KEY(edge_id, epoch_minute))");
            st.execute("CREATE INDEX IF NOT EXISTS edge_rollup_minute ON edge_rollup(epoch_minute)");
            if (version == null) {
                st.execute("INSERT INTO meta(k, v) VALUES ('schema', '" + SCHEMA_VERSION + "')");
            }
        }
        writer.setAutoCommit(false);
        writer.commit();
    }

    private void loadState() throws SQLException {
        synchronized (memory) {
            operations.clear();
            operationsPerService.clear();
            edges.clear();
            calleesPerCaller.clear();
            cells.clear();
        }
        dirty.clear();
        changedEntries.clear();
        nextOperationId = 0;
        nextEdgeId = 0;
        long checkpoint = RecordPosition.NONE;
        try (Statement st = writer.createStatement()) {
            synchronized (memory) {
                try (ResultSet rs = st.executeQuery("SELECT id, service, name, kind, last_minute FROM operation")) {
                    while (rs.next()) {
                        int id = rs.getInt(1);
                        OpKey key = new OpKey(rs.getString(2), rs.getString(3), SpanKind.fromNumber(rs.getInt(4)));
                        operations.put(key, new Entry(key, id, rs.getLong(5), true));
                        operationsPerService.merge(key.service(), 1, Integer::sum);
                        nextOperationId = Math.max(nextOperationId, id + 1);
                    }
                }
                try (ResultSet rs = st.executeQuery("SELECT id, caller, callee, virtual_callee, last_minute FROM edge")) {
                    while (rs.next()) {
                        int id = rs.getInt(1);
                        EdgeKey key = new EdgeKey(rs.getString(2), rs.getString(3), rs.getBoolean(4));
                        edges.put(key, new Entry(key, id, rs.getLong(5), true));
                        calleesPerCaller.merge(key.caller(), 1, Integer::sum);
                        nextEdgeId = Math.max(nextEdgeId, id + 1);
                    }
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT pos FROM checkpoint WHERE signal = "
                    + Signal.TRACES.ordinal())) {
                if (rs.next()) {
                    checkpoint = rs.getLong(1);
                }
            }
        }
        writer.commit();
        applied = checkpoint;
        written = checkpoint;
        operationCount = operations.size();
        edgeCount = edges.size();
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
            if (cells.size() > options.cachedCells()) {
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
                Entry edge = edge(call);
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

    /** Under {@code memory}'s lock. */
    private void addCalls(List<ServiceGraphMatcher.Call> calls, List<Cell> edgeCells) {
        for (int i = 0; i < calls.size(); i++) {
            ServiceGraphMatcher.Call call = calls.get(i);
            Cell cell = edgeCells.get(i);
            cell.count++;
            if (call.error()) {
                cell.errors++;
            }
            cell.ok.accept(call.durationNanos());
            touch(cell, call.epochMinute());
        }
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
        synchronized (memory) {
            addCalls(calls, edgeCells);
        }
        edgeCount = edges.size();
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
            Entry op = operation(c);
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
        synchronized (memory) {
            for (int i = 0; i < spanCells.size(); i++) {
                SpanCell c = spanDeltas.get(i);
                Cell cell = spanCells.get(i);
                cell.count += c.requests();
                cell.errors += c.failedNanos().length;
                for (long d : c.okNanos()) {
                    cell.ok.accept(d);
                }
                for (long d : c.failedNanos()) {
                    cell.failed.accept(d);
                }
                touch(cell, c.epochMinute());
            }
            addCalls(calls, edgeCells);
        }
        applied = r.position();
        operationCount = operations.size();
        edgeCount = edges.size();
        pendingEdges = matcher.pending();
        evictedEdges = matcher.evicted();
        if (folded > 0) {
            foldedSpans += folded;
        }
        if (outOfRange > 0) {
            outOfRangeSpans += outOfRange;
        }
    }

    private void touch(Cell cell, long minute) {
        dirty.add(cell);
        Entry owner = cell.owner;
        if (!owner.stored || minute > owner.lastMinute) {
            owner.lastMinute = Math.max(owner.lastMinute, minute);
            changedEntries.add(owner);
        }
    }

    /** The operation's entry; a new name past a cap folds into {@code <other>} of its service and kind. */
    private Entry operation(SpanCell c) {
        OpKey key = new OpKey(c.service(), c.operation(), c.kind());
        Entry e = operations.get(key);
        if (e != null) {
            return e;
        }
        if (!c.operation().equals(RollupOptions.OTHER)
                && (operationsPerService.getOrDefault(c.service(), 0) >= options.maxOperationsPerService()
                || operations.size() >= options.maxOperations())) {
            key = new OpKey(c.service(), RollupOptions.OTHER, c.kind());
            e = operations.get(key);
            if (e != null) {
                return e;
            }
        }
        e = new Entry(key, nextOperationId++, c.epochMinute(), false);
        changedEntries.add(e);
        synchronized (memory) {
            operations.put(key, e);
            operationsPerService.merge(c.service(), 1, Integer::sum);
        }
        return e;
    }

    private Entry edge(ServiceGraphMatcher.Call call) {
        EdgeKey key = new EdgeKey(call.caller(), call.callee(), call.virtualCallee());
        Entry e = edges.get(key);
        if (e != null) {
            return e;
        }
        if (!call.callee().equals(RollupOptions.OTHER)
                && calleesPerCaller.getOrDefault(call.caller(), 0) >= options.maxCalleesPerCaller()) {
            key = new EdgeKey(call.caller(), RollupOptions.OTHER, call.virtualCallee());
            e = edges.get(key);
            if (e != null) {
                return e;
            }
        }
        e = new Entry(key, nextEdgeId++, call.epochMinute(), false);
        changedEntries.add(e);
        synchronized (memory) {
            edges.put(key, e);
            calleesPerCaller.merge(call.caller(), 1, Integer::sum);
        }
        return e;
    }

    /** The cell in memory, else its row, else a new one. */
    private Cell cell(CellKey key, Entry owner) throws SQLException {
        Cell c;
        synchronized (memory) {
            c = cells.get(key); // in access order, a get reorders: not while a reader iterates
        }
        if (c != null) {
            return c;
        }
        c = owner.stored ? readCell(key, owner) : null;
        if (c == null) {
            c = new Cell(key, owner, 0, 0, LatencySketch.empty(), key.edge() ? null : LatencySketch.empty());
        }
        synchronized (memory) {
            cells.put(key, c);
        }
        return c;
    }

    private Cell readCell(CellKey key, Entry owner) throws SQLException {
        String sql = key.edge()
                ? "SELECT calls, errors, sketch, NULL FROM edge_rollup WHERE edge_id = ? AND epoch_minute = ?"
                : "SELECT requests, errors, ok_sketch, failed_sketch FROM span_rollup "
                + "WHERE op_id = ? AND epoch_minute = ?";
        try (PreparedStatement ps = writer.prepareStatement(sql)) {
            ps.setInt(1, key.id());
            ps.setLong(2, key.minute());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                try {
                    return new Cell(key, owner, rs.getLong(1), rs.getLong(2), sketch(rs.getBytes(3)),
                            key.edge() ? null : sketch(rs.getBytes(4)));
                } catch (UncheckedIOException e) {
                    // One bad row must not stop ingest (it would be re-read for ever): that minute starts over.
                    LOG.warnf(e, "rollup: the row %s cannot be decoded; it starts over", key);
                    return null;
                }
            }
        } finally {
            writer.commit();
        }
    }

    private void flushOrFail() throws SQLException {
        try {
            flush();
            consecutiveFailures = 0;
        } catch (SQLException | RuntimeException e) {
            applyFailures++;
            consecutiveFailures++;
            rollbackQuietly();
            if (consecutiveFailures >= RECREATE_AFTER_FAILURES && looksDamaged(e)) {
                // Only this process writes here, so a lock that never frees or a corrupt page is something a crash
                // left in the file; nothing rebuilds it either way, and ingest must not stall on it.
                LOG.errorf(e, "rollup: writing to the rollup database in %s failed %d times in a row; recreating "
                        + "it empty (the rollups so far are lost)", directory, consecutiveFailures);
                discardAndRecreate();
                return;
            }
            if (cells.size() > MAX_UNWRITTEN_FACTOR * Math.max(1024, options.cachedCells())) {
                throw e;
            }
            LOG.warnf(e, "rollup: writing the rollups failed; retrying with the next batch");
        }
    }

    private static boolean looksDamaged(Exception e) {
        return e instanceof SQLException s && (s.getErrorCode() == ErrorCode.LOCK_TIMEOUT_1
                || UNUSABLE_FILE.contains(s.getErrorCode()));
    }

    /** Writes the changed rows and entries and the checkpoint in one transaction, then trims the cache. */
    private void flush() throws SQLException {
        if (dirty.isEmpty() && changedEntries.isEmpty() && written == applied) {
            lastFlushNanos = System.nanoTime();
            return;
        }
        writeEntries();
        writeCells();
        try (PreparedStatement cp = writer.prepareStatement(
                "MERGE INTO checkpoint(signal, pos) KEY(signal) VALUES (?, ?)")) {
            cp.setInt(1, Signal.TRACES.ordinal());
            cp.setLong(2, applied);
            cp.executeUpdate();
        }
        writer.commit();

        written = applied;
        lastFlushNanos = System.nanoTime();
        changedEntries.forEach(e -> e.stored = true);
        changedEntries.clear();
        dirty.clear();
        synchronized (memory) {
            // Least recently used first; every cell is written now, so any may go. Down to three quarters, so a
            // working set larger than the cache does not write at every record.
            int keep = options.cachedCells() - options.cachedCells() / 4;
            Iterator<Cell> it = cells.values().iterator();
            while (cells.size() > keep && it.hasNext()) {
                it.next();
                it.remove();
            }
        }
    }

    private void writeEntries() throws SQLException {
        try (PreparedStatement insOp = writer.prepareStatement(
                "INSERT INTO operation(id, service, name, kind, last_minute) VALUES (?, ?, ?, ?, ?)");
             PreparedStatement updOp = writer.prepareStatement("UPDATE operation SET last_minute = ? WHERE id = ?");
             PreparedStatement insEdge = writer.prepareStatement(
                     "INSERT INTO edge(id, caller, callee, virtual_callee, last_minute) VALUES (?, ?, ?, ?, ?)");
             PreparedStatement updEdge = writer.prepareStatement("UPDATE edge SET last_minute = ? WHERE id = ?")) {
            for (Entry e : changedEntries) {
                if (e.stored) {
                    PreparedStatement ps = e.key instanceof EdgeKey ? updEdge : updOp;
                    ps.setLong(1, e.lastMinute);
                    ps.setInt(2, e.id);
                    ps.addBatch();
                } else if (e.key instanceof OpKey k) {
                    insOp.setInt(1, e.id);
                    insOp.setString(2, k.service());
                    insOp.setString(3, k.name());
                    insOp.setInt(4, k.kind().ordinal());
                    insOp.setLong(5, e.lastMinute);
                    insOp.addBatch();
                } else {
                    EdgeKey k = (EdgeKey) e.key;
                    insEdge.setInt(1, e.id);
                    insEdge.setString(2, k.caller());
                    insEdge.setString(3, k.callee());
                    insEdge.setBoolean(4, k.virtualCallee());
                    insEdge.setLong(5, e.lastMinute);
                    insEdge.addBatch();
                }
            }
            insOp.executeBatch();
            updOp.executeBatch();
            insEdge.executeBatch();
            updEdge.executeBatch();
        }
    }

    private void writeCells() throws SQLException {
        try (PreparedStatement span = writer.prepareStatement("MERGE INTO span_rollup(op_id, epoch_minute, "
                + "requests, errors, ok_sketch, failed_sketch) KEY(op_id, epoch_minute) VALUES (?, ?, ?, ?, ?, ?)");
             PreparedStatement edge = writer.prepareStatement("MERGE INTO edge_rollup(edge_id, epoch_minute, "
                     + "calls, errors, sketch) KEY(edge_id, epoch_minute) VALUES (?, ?, ?, ?, ?)")) {
            for (Cell c : dirty) {
                PreparedStatement ps = c.key.edge() ? edge : span;
                ps.setInt(1, c.key.id());
                ps.setLong(2, c.key.minute());
                ps.setLong(3, c.count);
                ps.setLong(4, c.errors);
                ps.setBytes(5, bytes(c.ok));
                if (!c.key.edge()) {
                    ps.setBytes(6, bytes(c.failed));
                }
                ps.addBatch();
            }
            span.executeBatch();
            edge.executeBatch();
        }
    }

    private static byte[] bytes(LatencySketch s) {
        return s.isEmpty() ? null : s.toBytes();
    }

    private static LatencySketch sketch(byte[] bytes) {
        return bytes == null ? LatencySketch.empty() : LatencySketch.fromBytes(bytes);
    }

    private void rollbackQuietly() {
        try {
            writer.rollback();
        } catch (SQLException e) {
            LOG.warnf(e, "rollup: rollback failed");
        }
    }

    private void discardAndRecreate() throws SQLException {
        closeQuietly();
        try {
            moveAside(directory);
        } catch (IOException e) {
            throw new SQLException("cannot move the rollup database in " + directory + " aside", e);
        }
        matcher.clear();
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
            rollbackQuietly();
            throw e;
        }
        long rows = 0;
        try (PreparedStatement span = writer.prepareStatement("DELETE FROM span_rollup WHERE epoch_minute < ?");
             PreparedStatement edge = writer.prepareStatement("DELETE FROM edge_rollup WHERE epoch_minute < ?");
             PreparedStatement op = writer.prepareStatement("DELETE FROM operation WHERE last_minute < ?");
             PreparedStatement ed = writer.prepareStatement("DELETE FROM edge WHERE last_minute < ?")) {
            for (PreparedStatement ps : List.of(span, edge, op, ed)) {
                ps.setLong(1, epochMinute);
                rows += ps.executeUpdate();
            }
            writer.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            throw e;
        }
        synchronized (memory) {
            cells.keySet().removeIf(k -> k.minute() < epochMinute);
            operations.values().removeIf(e -> e.lastMinute < epochMinute);
            edges.values().removeIf(e -> e.lastMinute < epochMinute);
            operationsPerService.clear();
            operations.keySet().forEach(k -> operationsPerService.merge(k.service(), 1, Integer::sum));
            calleesPerCaller.clear();
            edges.keySet().forEach(k -> calleesPerCaller.merge(k.caller(), 1, Integer::sum));
        }
        operationCount = operations.size();
        edgeCount = edges.size();
        return rows;
    }

    // ------------------------------------------------------------------------------------------------ reading

    @Override
    public List<OperationInfo> operations(String service) {
        List<OperationInfo> out = new ArrayList<>();
        synchronized (memory) {
            for (OpKey k : operations.keySet()) {
                if (service == null || service.equals(k.service())) {
                    out.add(new OperationInfo(k.service(), k.name(), k.kind()));
                }
            }
        }
        out.sort(Comparator.comparing(OperationInfo::service).thenComparing(OperationInfo::name)
                .thenComparing(OperationInfo::kind));
        return out;
    }

    @Override
    public List<SpanRollup> spanRollups(String service, String operation, long fromEpochMinute, long toEpochMinute) {
        Map<CellKey, SpanRollup> rows = new HashMap<>();
        synchronized (memory) {
            for (Cell c : cells.values()) {
                if (!c.key.edge() && c.key.minute() >= fromEpochMinute && c.key.minute() < toEpochMinute
                        && c.owner.key instanceof OpKey k && (service == null || service.equals(k.service()))
                        && (operation == null || operation.equals(k.name()))) {
                    rows.put(c.key, new SpanRollup(k.service(), k.name(), k.kind(), c.key.minute(), c.count,
                            c.errors, c.ok.copy(), c.failed.copy()));
                }
            }
        }
        StringBuilder sql = new StringBuilder("SELECT r.op_id, o.service, o.name, o.kind, r.epoch_minute, "
                + "r.requests, r.errors, r.ok_sketch, r.failed_sketch FROM span_rollup r JOIN operation o "
                + "ON o.id = r.op_id WHERE r.epoch_minute >= ? AND r.epoch_minute < ?");
        if (service != null) {
            sql.append(" AND o.service = ?");
        }
        if (operation != null) {
            sql.append(" AND o.name = ?");
        }
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            ps.setLong(i++, fromEpochMinute);
            ps.setLong(i++, toEpochMinute);
            if (service != null) {
                ps.setString(i++, service);
            }
            if (operation != null) {
                ps.setString(i, operation);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    CellKey key = new CellKey(false, rs.getInt(1), rs.getLong(5));
                    SpanRollup inMemory = rows.get(key);
                    if (inMemory == null || rs.getLong(6) > inMemory.requests()) {
                        rows.put(key, new SpanRollup(rs.getString(2), rs.getString(3),
                                SpanKind.fromNumber(rs.getInt(4)), key.minute(), rs.getLong(6), rs.getLong(7),
                                sketch(rs.getBytes(8)), sketch(rs.getBytes(9))));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IndexException("cannot read span rollups", e);
        }
        List<SpanRollup> out = new ArrayList<>(rows.values());
        out.sort(Comparator.comparing(SpanRollup::service).thenComparing(SpanRollup::operation)
                .thenComparing(SpanRollup::kind).thenComparingLong(SpanRollup::epochMinute));
        return out;
    }

    @Override
    public List<EdgeRollup> edgeRollups(long fromEpochMinute, long toEpochMinute) {
        Map<CellKey, EdgeRollup> rows = new HashMap<>();
        synchronized (memory) {
            for (Cell c : cells.values()) {
                if (c.key.edge() && c.key.minute() >= fromEpochMinute && c.key.minute() < toEpochMinute
                        && c.owner.key instanceof EdgeKey k) {
                    rows.put(c.key, new EdgeRollup(k.caller(), k.callee(), k.virtualCallee(), c.key.minute(),
                            c.count, c.errors, c.ok.copy()));
                }
            }
        }
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT r.edge_id, e.caller, e.callee, e.virtual_callee, r.epoch_minute, r.calls, r.errors, r.sketch "
                        + "FROM edge_rollup r JOIN edge e ON e.id = r.edge_id "
                        + "WHERE r.epoch_minute >= ? AND r.epoch_minute < ?")) {
            ps.setLong(1, fromEpochMinute);
            ps.setLong(2, toEpochMinute);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    CellKey key = new CellKey(true, rs.getInt(1), rs.getLong(5));
                    EdgeRollup inMemory = rows.get(key);
                    if (inMemory == null || rs.getLong(6) > inMemory.calls()) {
                        rows.put(key, new EdgeRollup(rs.getString(2), rs.getString(3), rs.getBoolean(4),
                                key.minute(), rs.getLong(6), rs.getLong(7), sketch(rs.getBytes(8))));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IndexException("cannot read edge rollups", e);
        }
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
            try (Statement st = writer.createStatement()) {
                st.execute("SHUTDOWN");
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warnf(e, "rollup: writing and closing the rollup database failed; the next start replays what it"
                    + " lacks from the write-ahead log");
            rollbackQuietly();
            closeQuietly();
            return;
        }
        pool.dispose();
    }

    private void closeQuietly() {
        if (writer != null) {
            try {
                writer.close();
            } catch (SQLException ignored) {
                // best effort: the database is being given up
            }
        }
        if (pool != null) {
            pool.dispose();
        }
    }
}
