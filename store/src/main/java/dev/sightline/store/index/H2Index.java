package dev.sightline.store.index;

import dev.sightline.store.model.Signal;
import dev.sightline.store.model.TraceId;
import dev.sightline.store.read.ServiceInfo;
import dev.sightline.store.wal.RecordPosition;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The H2 file database (plain JDBC): the durable, queryable part of the indexes. It holds one row per log record
 * ({@code wal_record}, with the record's trace references as a compact blob), one per metric name per record
 * ({@code metric_record}), services, metric names, series, trace positions the hot map does not hold
 * ({@code trace_overflow}) and, in the same transaction as the rows, each signal's checkpoint: the position of the
 * last record indexed. Schema in {@code store/README.md}.
 *
 * <p>Writes go through one connection, owned by the indexer thread; reads take pooled connections, from any thread.
 */
final class H2Index {
    private static final Logger LOG = Logger.getLogger(H2Index.class);
    private static final String DB_NAME = "sightline";
    private static final int SCHEMA_VERSION = 2;
    private static final String MERGE_OVERFLOW = "MERGE INTO trace_overflow(trace_hi, trace_lo, signal, pos) "
            + "KEY(trace_hi, trace_lo, signal, pos) VALUES (?, ?, ?, ?)";

    private final Path directory;
    private final JdbcConnectionPool pool;
    private final Connection writer;
    private final boolean fresh;

    // Caches of small tables, owned by the writer thread; updated only after a commit.
    private final Map<String, Integer> metricNameIds = new HashMap<>();
    private int nextMetricNameId;
    private long nextSeriesId;
    private final Map<ServiceKey, long[]> services = new HashMap<>();
    private final EnumMap<Signal, Long> checkpoints = new EnumMap<>(Signal.class);

    private record ServiceKey(String name, Signal signal) {
    }

    /** What a purge removed from H2, and the traces whose hot entries may still point into the segment. */
    record PurgedRows(int recordRows, Set<MapKey> traces, int metricNames) {
    }

    record RowCounts(long recordRows, long metricRows, long traceOverflowRows, long seriesRows) {
    }

    private H2Index(Path directory) throws SQLException {
        this.directory = directory;
        this.pool = JdbcConnectionPool.create("jdbc:h2:file:" + directory.resolve(DB_NAME).toAbsolutePath()
                + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "");
        pool.setMaxConnections(16);
        Connection w = null;
        try {
            w = pool.getConnection();
            this.writer = w;
            this.fresh = createSchema();
            loadCaches();
        } catch (SQLException | RuntimeException e) {
            // An open connection keeps the database open inside this JVM under its name: a retry after deleting
            // the files would find the old database still there.
            if (w != null) {
                try {
                    w.close();
                } catch (SQLException ignored) {
                    // closing what failed to open
                }
            }
            pool.dispose();
            throw e;
        }
    }

    /** Opens the database in {@code directory}, creating missing tables. */
    static H2Index open(Path directory) throws SQLException {
        return new H2Index(directory);
    }

    /** Creates missing tables; true if the database had none (new or lost). */
    private boolean createSchema() throws SQLException {
        try (Statement st = writer.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS meta(k VARCHAR PRIMARY KEY, v VARCHAR NOT NULL)");
            String version = null;
            try (ResultSet rs = st.executeQuery("SELECT v FROM meta WHERE k = 'schema'")) {
                if (rs.next()) {
                    version = rs.getString(1);
                }
            }
            if (version != null && !version.equals(Integer.toString(SCHEMA_VERSION))) {
                throw new SQLException("index schema version " + version + " is not " + SCHEMA_VERSION
                        + "; delete " + directory + " to rebuild it from the log");
            }
            st.execute("CREATE TABLE IF NOT EXISTS checkpoint(signal TINYINT PRIMARY KEY, pos BIGINT NOT NULL)");
            st.execute("CREATE TABLE IF NOT EXISTS wal_record(signal TINYINT NOT NULL, pos BIGINT NOT NULL, "
                    + "ingest_ms BIGINT NOT NULL, items INT NOT NULL, min_nanos BIGINT NOT NULL, "
                    + "max_nanos BIGINT NOT NULL, traces VARBINARY, digest VARBINARY, PRIMARY KEY(signal, pos))");
            st.execute("CREATE TABLE IF NOT EXISTS trace_overflow(trace_hi BIGINT NOT NULL, trace_lo BIGINT NOT NULL, "
                    + "signal TINYINT NOT NULL, pos BIGINT NOT NULL, PRIMARY KEY(trace_hi, trace_lo, signal, pos))");
            st.execute("CREATE INDEX IF NOT EXISTS trace_overflow_pos ON trace_overflow(signal, pos)");
            st.execute("CREATE TABLE IF NOT EXISTS service(name VARCHAR NOT NULL, signal TINYINT NOT NULL, "
                    + "first_seen_ms BIGINT NOT NULL, last_seen_ms BIGINT NOT NULL, PRIMARY KEY(name, signal))");
            st.execute("CREATE TABLE IF NOT EXISTS metric_name(id INT PRIMARY KEY, name VARCHAR NOT NULL UNIQUE)");
            st.execute("CREATE TABLE IF NOT EXISTS metric_record(name_id INT NOT NULL, pos BIGINT NOT NULL, "
                    + "min_nanos BIGINT NOT NULL, max_nanos BIGINT NOT NULL, PRIMARY KEY(name_id, pos))");
            st.execute("CREATE TABLE IF NOT EXISTS metric_series(id BIGINT PRIMARY KEY, hash_hi BIGINT NOT NULL, "
                    + "hash_lo BIGINT NOT NULL, name_id INT NOT NULL, first_seen_ms BIGINT NOT NULL, "
                    + "UNIQUE(hash_hi, hash_lo))");
            if (version == null) {
                st.execute("INSERT INTO meta(k, v) VALUES ('schema', '" + SCHEMA_VERSION + "')");
            }
            writer.setAutoCommit(false);
            writer.commit();
            return version == null;
        }
    }

    private void loadCaches() throws SQLException {
        try (Statement st = writer.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT id, name FROM metric_name")) {
                while (rs.next()) {
                    metricNameIds.put(rs.getString(2), rs.getInt(1));
                    nextMetricNameId = Math.max(nextMetricNameId, rs.getInt(1) + 1);
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(id), 0) + 1 FROM metric_series")) {
                rs.next();
                nextSeriesId = rs.getLong(1);
            }
            try (ResultSet rs = st.executeQuery("SELECT signal, pos FROM checkpoint")) {
                while (rs.next()) {
                    checkpoints.put(Signal.values()[rs.getInt(1)], rs.getLong(2));
                }
            }
            loadServices(st);
        }
        writer.commit();
    }

    private void loadServices(Statement st) throws SQLException {
        services.clear();
        try (ResultSet rs = st.executeQuery("SELECT name, signal, first_seen_ms, last_seen_ms FROM service")) {
            while (rs.next()) {
                services.put(new ServiceKey(rs.getString(1), Signal.values()[rs.getInt(2)]),
                        new long[] {rs.getLong(3), rs.getLong(4)});
            }
        }
    }

    /** True if the database had no tables when opened (new, or deleted/lost): it has no checkpoints. */
    boolean isNew() {
        return fresh;
    }

    /** Position of the last record of the signal that is indexed, {@link RecordPosition#NONE} if none. */
    long checkpoint(Signal signal) {
        return checkpoints.getOrDefault(signal, RecordPosition.NONE);
    }

    // ------------------------------------------------------------------------------------------------ writing

    /**
     * Indexes records, in log order, in one transaction that also moves the checkpoints, then stores the hot-map
     * changes. Idempotent: the fast path INSERTs; if a row is already there (e.g. the checkpoints were lost but the
     * rows were not) the batch is rolled back and applied again with MERGEs.
     */
    void apply(List<IndexedRecord> records, HotMaps hotMaps) throws SQLException {
        if (records.isEmpty()) {
            return;
        }
        try {
            applyOnce(records, hotMaps, false);
        } catch (SQLException e) {
            rollbackQuietly();
            LOG.debugf(e, "index: fast path failed; applying %d records idempotently", records.size());
            try {
                applyOnce(records, hotMaps, true);
            } catch (SQLException e2) {
                rollbackQuietly();
                throw e2;
            }
        }
    }

    private void applyOnce(List<IndexedRecord> records, HotMaps hotMaps, boolean idempotent) throws SQLException {
        HotMaps.Changes hot = hotMaps.changes();
        Map<String, Integer> newNames = new LinkedHashMap<>();
        int nextName = nextMetricNameId;
        Map<ServiceKey, long[]> serviceUpdates = new HashMap<>();
        long nextSeries = nextSeriesId;
        EnumMap<Signal, Long> newCheckpoints = new EnumMap<>(Signal.class);

        String recordSql = idempotent
                ? "MERGE INTO wal_record(signal, pos, ingest_ms, items, min_nanos, max_nanos, traces, digest) "
                + "KEY(signal, pos) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                : "INSERT INTO wal_record(signal, pos, ingest_ms, items, min_nanos, max_nanos, traces, digest) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
        String metricSql = idempotent
                ? "MERGE INTO metric_record(name_id, pos, min_nanos, max_nanos) KEY(name_id, pos) VALUES (?, ?, ?, ?)"
                : "INSERT INTO metric_record(name_id, pos, min_nanos, max_nanos) VALUES (?, ?, ?, ?)";
        try (PreparedStatement recordStmt = writer.prepareStatement(recordSql);
             PreparedStatement metricStmt = writer.prepareStatement(metricSql);
             PreparedStatement overflowStmt = writer.prepareStatement(MERGE_OVERFLOW);
             PreparedStatement seriesStmt = writer.prepareStatement(
                     "MERGE INTO metric_series(id, hash_hi, hash_lo, name_id, first_seen_ms) KEY(hash_hi, hash_lo) "
                             + "VALUES (?, ?, ?, ?, ?)")) {
            int metricRows = 0;
            int overflowRows = 0;
            int seriesRows = 0;
            for (IndexedRecord r : records) {
                IndexDelta d = r.delta();
                Signal signal = r.signal();
                long pos = r.position();
                recordStmt.setInt(1, signal.ordinal());
                recordStmt.setLong(2, pos);
                recordStmt.setLong(3, r.epochMillis());
                recordStmt.setInt(4, d.items());
                recordStmt.setLong(5, d.minNanos());
                recordStmt.setLong(6, d.maxNanos());
                recordStmt.setBytes(7, d.encodeTraces());
                recordStmt.setBytes(8, d.signal() == Signal.METRICS ? null : d.digest().encode());
                recordStmt.addBatch();
                for (String service : d.services()) {
                    long[] fl = serviceUpdates.computeIfAbsent(new ServiceKey(service, signal),
                            k -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
                    fl[0] = Math.min(fl[0], r.epochMillis());
                    fl[1] = Math.max(fl[1], r.epochMillis());
                }
                for (IndexDelta.TraceRef t : d.traces()) {
                    if (!hot.addTracePosition(t, signal, pos)) {
                        setOverflow(overflowStmt, t.high(), t.low(), signal, pos);
                        overflowRows++;
                    }
                }
                for (IndexDelta.MetricRef m : d.metrics()) {
                    Integer id = metricNameIds.get(m.name());
                    if (id == null) {
                        id = newNames.get(m.name());
                        if (id == null) {
                            id = nextName++;
                            newNames.put(m.name(), id);
                        }
                    }
                    metricStmt.setInt(1, id);
                    metricStmt.setLong(2, pos);
                    metricStmt.setLong(3, m.minNanos());
                    metricStmt.setLong(4, m.maxNanos());
                    metricStmt.addBatch();
                    metricRows++;
                }
                for (IndexDelta.SeriesRef s : d.series()) {
                    if (!hot.isNewSeries(s)) {
                        continue;
                    }
                    Integer nameId = metricNameIds.get(s.metricName());
                    if (nameId == null) {
                        nameId = newNames.get(s.metricName());
                    }
                    long id = nextSeries++;
                    hot.addSeries(s, id, r.epochMillis());
                    seriesStmt.setLong(1, id);
                    seriesStmt.setLong(2, s.high());
                    seriesStmt.setLong(3, s.low());
                    seriesStmt.setInt(4, nameId == null ? -1 : nameId);
                    seriesStmt.setLong(5, r.epochMillis());
                    seriesStmt.addBatch();
                    seriesRows++;
                }
                if (pos > newCheckpoints.getOrDefault(signal, checkpoint(signal))) {
                    newCheckpoints.put(signal, pos);
                }
            }
            if (!newNames.isEmpty()) {
                try (PreparedStatement ps = writer.prepareStatement("INSERT INTO metric_name(id, name) VALUES (?, ?)")) {
                    for (Map.Entry<String, Integer> e : newNames.entrySet()) {
                        ps.setInt(1, e.getValue());
                        ps.setString(2, e.getKey());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            recordStmt.executeBatch();
            if (metricRows > 0) {
                metricStmt.executeBatch();
            }
            if (overflowRows > 0) {
                overflowStmt.executeBatch();
            }
            if (seriesRows > 0) {
                seriesStmt.executeBatch();
            }
        }
        Map<ServiceKey, long[]> mergedServices = mergeServices(serviceUpdates);
        try (PreparedStatement cp = writer.prepareStatement("MERGE INTO checkpoint(signal, pos) KEY(signal) VALUES (?, ?)")) {
            for (Map.Entry<Signal, Long> e : newCheckpoints.entrySet()) {
                cp.setInt(1, e.getKey().ordinal());
                cp.setLong(2, e.getValue());
                cp.addBatch();
            }
            cp.executeBatch();
        }
        writer.commit();

        // Committed: now the caches and the hot maps.
        metricNameIds.putAll(newNames);
        nextMetricNameId = nextName;
        nextSeriesId = nextSeries;
        services.putAll(mergedServices);
        checkpoints.putAll(newCheckpoints);
        keepAsOverflow(hot.store());
    }

    /** The trace map is full (or an entry too large): keep the positions it refused as H2 rows instead. */
    private void keepAsOverflow(List<HotMaps.TracePosition> refused) throws SQLException {
        if (refused.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = writer.prepareStatement(MERGE_OVERFLOW)) {
            for (HotMaps.TracePosition p : refused) {
                setOverflow(ps, p.trace().high(), p.trace().low(), p.signal(), p.position());
            }
            ps.executeBatch();
        }
        writer.commit();
    }

    private Map<ServiceKey, long[]> mergeServices(Map<ServiceKey, long[]> updates) throws SQLException {
        Map<ServiceKey, long[]> merged = new HashMap<>();
        if (updates.isEmpty()) {
            return merged;
        }
        try (PreparedStatement ps = writer.prepareStatement(
                "MERGE INTO service(name, signal, first_seen_ms, last_seen_ms) KEY(name, signal) VALUES (?, ?, ?, ?)")) {
            for (Map.Entry<ServiceKey, long[]> e : updates.entrySet()) {
                long[] old = services.get(e.getKey());
                long first = old == null ? e.getValue()[0] : Math.min(old[0], e.getValue()[0]);
                long last = old == null ? e.getValue()[1] : Math.max(old[1], e.getValue()[1]);
                if (old != null && old[0] == first && old[1] == last) {
                    continue;
                }
                merged.put(e.getKey(), new long[] {first, last});
                ps.setString(1, e.getKey().name());
                ps.setInt(2, e.getKey().signal().ordinal());
                ps.setLong(3, first);
                ps.setLong(4, last);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return merged;
    }

    private static void setOverflow(PreparedStatement ps, long high, long low, Signal signal, long pos)
            throws SQLException {
        ps.setLong(1, high);
        ps.setLong(2, low);
        ps.setInt(3, signal.ordinal());
        ps.setLong(4, pos);
        ps.addBatch();
    }

    private void rollbackQuietly() {
        try {
            writer.rollback();
        } catch (SQLException e) {
            LOG.warnf(e, "index: rollback failed");
        }
    }

    /**
     * Refills the (empty) hot maps: trace entries from the record rows' trace blobs, series from
     * {@code metric_series}. Writer thread; before the indexer takes live records.
     */
    void rebuild(HotMaps hotMaps) throws SQLException {
        long t0 = System.nanoTime();
        long rows = 0;
        for (Signal signal : List.of(Signal.TRACES, Signal.LOGS)) {
            long after = RecordPosition.NONE;
            while (true) {
                HotMaps.Changes hot = hotMaps.changes();
                int n = 0;
                try (PreparedStatement ps = writer.prepareStatement(
                        "SELECT pos, traces FROM wal_record WHERE signal = ? AND pos > ? ORDER BY pos LIMIT 2000");
                     PreparedStatement overflow = writer.prepareStatement(MERGE_OVERFLOW)) {
                    ps.setInt(1, signal.ordinal());
                    ps.setLong(2, after);
                    int overflowRows = 0;
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            n++;
                            long pos = rs.getLong(1);
                            after = pos;
                            for (IndexDelta.TraceRef t : IndexDelta.decodeTraces(rs.getBytes(2))) {
                                if (!hot.addTracePosition(t, signal, pos)) {
                                    setOverflow(overflow, t.high(), t.low(), signal, pos);
                                    overflowRows++;
                                }
                            }
                        }
                    }
                    if (overflowRows > 0) {
                        overflow.executeBatch();
                    }
                }
                writer.commit();
                keepAsOverflow(hot.store());
                rows += n;
                if (n == 0) {
                    break;
                }
            }
        }
        try (Statement st = writer.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, hash_hi, hash_lo, first_seen_ms FROM metric_series")) {
            while (rs.next()) {
                hotMaps.putSeries(new MapKey(rs.getLong(2), rs.getLong(3)), rs.getLong(1), rs.getLong(4));
            }
        }
        writer.commit();
        LOG.infof("index: rebuilt the hot maps from %d record rows in %d ms (%d traces, %d series)", rows,
                (System.nanoTime() - t0) / 1_000_000, hotMaps.traceEntries(), hotMaps.seriesEntries());
    }

    /**
     * Removes the rows that point into [from, to) of a signal (one segment): record rows, metric rows and trace
     * overflow rows; forgets metric names with no record left and services last seen before the oldest record
     * left (first-seen is raised to it). Writer thread.
     */
    PurgedRows purge(Signal signal, long from, long to) throws SQLException {
        Set<MapKey> traceKeys = new HashSet<>();
        if (signal != Signal.METRICS) {
            try (PreparedStatement ps = writer.prepareStatement(
                    "SELECT traces FROM wal_record WHERE signal = ? AND pos >= ? AND pos < ? AND traces IS NOT NULL")) {
                ps.setInt(1, signal.ordinal());
                ps.setLong(2, from);
                ps.setLong(3, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        for (IndexDelta.TraceRef t : IndexDelta.decodeTraces(rs.getBytes(1))) {
                            traceKeys.add(new MapKey(t.high(), t.low()));
                        }
                    }
                }
            }
        }
        int recordRows = deleteRange("DELETE FROM wal_record WHERE signal = ? AND pos >= ? AND pos < ?",
                signal.ordinal(), from, to);
        deleteRange("DELETE FROM trace_overflow WHERE signal = ? AND pos >= ? AND pos < ?", signal.ordinal(), from, to);
        List<String> forgottenNames = new ArrayList<>();
        if (signal == Signal.METRICS) {
            for (int nameId : metricNameIds.values()) {
                deleteRange("DELETE FROM metric_record WHERE name_id = ? AND pos >= ? AND pos < ?", nameId, from, to);
            }
            try (Statement st = writer.createStatement();
                 ResultSet rs = st.executeQuery("SELECT n.name FROM metric_name n WHERE NOT EXISTS "
                         + "(SELECT 1 FROM metric_record r WHERE r.name_id = n.id)")) {
                while (rs.next()) {
                    forgottenNames.add(rs.getString(1));
                }
            }
            try (PreparedStatement ps = writer.prepareStatement("DELETE FROM metric_name WHERE name = ?")) {
                for (String n : forgottenNames) {
                    ps.setString(1, n);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        Long oldestLeft = null;
        try (PreparedStatement ps = writer.prepareStatement(
                "SELECT ingest_ms FROM wal_record WHERE signal = ? ORDER BY pos LIMIT 1")) {
            ps.setInt(1, signal.ordinal());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    oldestLeft = rs.getLong(1);
                }
            }
        }
        try (PreparedStatement del = writer.prepareStatement(
                "DELETE FROM service WHERE signal = ? AND last_seen_ms < ?");
             PreparedStatement upd = writer.prepareStatement(
                     "UPDATE service SET first_seen_ms = ? WHERE signal = ? AND first_seen_ms < ?")) {
            long bound = oldestLeft == null ? Long.MAX_VALUE : oldestLeft;
            del.setInt(1, signal.ordinal());
            del.setLong(2, bound);
            del.executeUpdate();
            if (oldestLeft != null) {
                upd.setLong(1, oldestLeft);
                upd.setInt(2, signal.ordinal());
                upd.setLong(3, oldestLeft);
                upd.executeUpdate();
            }
        }
        writer.commit();
        forgottenNames.forEach(metricNameIds::remove);
        try (Statement st = writer.createStatement()) {
            loadServices(st);
        }
        writer.commit();
        return new PurgedRows(recordRows, traceKeys, forgottenNames.size());
    }

    private int deleteRange(String sql, long key, long from, long to) throws SQLException {
        try (PreparedStatement ps = writer.prepareStatement(sql)) {
            ps.setLong(1, key);
            ps.setLong(2, from);
            ps.setLong(3, to);
            return ps.executeUpdate();
        }
    }

    // ------------------------------------------------------------------------------------------------ reading

    /** Positions of the trace's records of {@code signal} kept as overflow rows, in no particular order. */
    List<Long> overflowPositions(TraceId traceId, Signal signal) {
        List<Long> out = new ArrayList<>();
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT pos FROM trace_overflow WHERE trace_hi = ? AND trace_lo = ? AND signal = ?")) {
            ps.setLong(1, traceId.high());
            ps.setLong(2, traceId.low());
            ps.setInt(3, signal.ordinal());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IndexException("cannot look up trace " + traceId, e);
        }
        return out;
    }

    /** Positions of the metric records holding points of {@code name} in [from, to), in log order. */
    List<Long> metricPositions(String name, long fromEpochNanos, long toEpochNanos) {
        List<Long> out = new ArrayList<>();
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT r.pos FROM metric_record r JOIN metric_name n "
                     + "ON n.id = r.name_id WHERE n.name = ? AND r.max_nanos >= ? AND r.min_nanos < ? ORDER BY r.pos")) {
            ps.setString(1, name);
            ps.setLong(2, fromEpochNanos);
            ps.setLong(3, toEpochNanos);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IndexException("cannot look up metric " + name, e);
        }
        return out;
    }

    /** Positions of the signal's newest records, newest first. */
    List<Long> newestPositions(Signal signal, int limit) {
        List<Long> out = new ArrayList<>(Math.min(limit, 1024));
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT pos FROM wal_record WHERE signal = ? ORDER BY pos DESC LIMIT ?")) {
            ps.setInt(1, signal.ordinal());
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IndexException("cannot list the newest " + signal.lowerName() + " records", e);
        }
        return out;
    }

    /**
     * Records of the signal whose item time range overlaps [from, to), newest (highest position) first, below
     * {@code beforePosition}, at most {@code limit}.
     */
    List<RecordRef> recordsOverlapping(Signal signal, long fromNanos, long toNanos, long beforePosition, int limit) {
        List<RecordRef> out = new ArrayList<>(Math.min(limit, 1024));
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT pos, min_nanos, max_nanos, digest FROM wal_record "
                     + "WHERE signal = ? AND pos < ? AND max_nanos >= ? AND min_nanos < ? ORDER BY pos DESC LIMIT ?")) {
            ps.setInt(1, signal.ordinal());
            ps.setLong(2, beforePosition);
            ps.setLong(3, fromNanos);
            ps.setLong(4, toNanos);
            ps.setInt(5, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new RecordRef(rs.getLong(1), rs.getLong(2), rs.getLong(3),
                            RecordDigest.decode(rs.getBytes(4))));
                }
            }
        } catch (SQLException e) {
            throw new IndexException("cannot list " + signal.lowerName() + " records", e);
        }
        return out;
    }

    List<String> metricNames() {
        List<String> out = new ArrayList<>();
        try (Connection c = pool.getConnection();
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT name FROM metric_name ORDER BY name")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IndexException("cannot list metric names", e);
        }
        return out;
    }

    List<ServiceInfo> services() {
        Map<String, long[]> times = new TreeMap<>();
        Map<String, Set<Signal>> signals = new HashMap<>();
        try (Connection c = pool.getConnection();
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT name, signal, first_seen_ms, last_seen_ms FROM service")) {
            while (rs.next()) {
                String name = rs.getString(1);
                long[] fl = times.computeIfAbsent(name, k -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
                fl[0] = Math.min(fl[0], rs.getLong(3));
                fl[1] = Math.max(fl[1], rs.getLong(4));
                signals.computeIfAbsent(name, k -> EnumSet.noneOf(Signal.class)).add(Signal.values()[rs.getInt(2)]);
            }
        } catch (SQLException e) {
            throw new IndexException("cannot list services", e);
        }
        List<ServiceInfo> out = new ArrayList<>(times.size());
        times.forEach((name, fl) -> out.add(new ServiceInfo(name, signals.get(name), fl[0], fl[1])));
        return out;
    }

    /** Counts whole tables: for tests and tools, not for every scrape. */
    RowCounts countRows() {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            return new RowCounts(count(st, "wal_record"), count(st, "metric_record"), count(st, "trace_overflow"),
                    count(st, "metric_series"));
        } catch (SQLException e) {
            throw new IndexException("cannot count index rows", e);
        }
    }

    private static long count(Statement st, String table) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // ---------------------------------------------------------------------------------------------- lifecycle

    /** Commits, shuts the database down and closes the pool; false if the shutdown failed. */
    boolean close() {
        boolean shutDown = false;
        try {
            writer.commit();
            try (Statement st = writer.createStatement()) {
                st.execute("SHUTDOWN");
            }
            shutDown = true;
        } catch (SQLException e) {
            LOG.warnf(e, "index: H2 shutdown failed");
        }
        if (!shutDown) {
            // After SHUTDOWN the connection is already closed; closing it again only makes H2 write a trace file.
            try {
                writer.close();
            } catch (SQLException ignored) {
                // closing is best effort here
            }
        }
        pool.dispose();
        return shutDown;
    }
}
