package dev.sightline.store.rollup;

import dev.sightline.store.index.IndexException;
import dev.sightline.store.model.Signal;
import dev.sightline.store.model.SpanKind;
import dev.sightline.store.rollup.RollupMemory.Cell;
import dev.sightline.store.rollup.RollupMemory.CellKey;
import dev.sightline.store.rollup.RollupMemory.EdgeKey;
import dev.sightline.store.rollup.RollupMemory.Entry;
import dev.sightline.store.rollup.RollupMemory.OpKey;
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
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rollups' H2 file database ({@code <directory>/rollup.mv.db}), the only place that knows its SQL: the
 * schema and its version, moving a damaged file aside, and reading and writing rows, entries and the checkpoint.
 * The tables are described in the module's README ("Rollups").
 *
 * <p>One connection, the writer's, serves the indexer's thread and is committed or rolled back by each call;
 * reads from other threads take a pooled connection of their own.
 */
final class RollupDatabase {
    // The store's category: one logger for everything the rollups report.
    private static final Logger LOG = Logger.getLogger(RollupStore.class);
    private static final String DB_NAME = "rollup";
    private static final int SCHEMA_VERSION = 1;
    /** H2 error codes of a file that cannot be read as this schema: damaged, or another version. */
    private static final Set<Integer> UNUSABLE_FILE = Set.of(ErrorCode.FILE_CORRUPTED_1,
            ErrorCode.FILE_VERSION_ERROR_1, ErrorCode.GENERAL_ERROR_1);

    /** What a database holds besides its rows: the operations and edges, and the checkpoint. */
    record Contents(List<Entry> operations, List<Entry> edges, long checkpoint) {
    }

    private final Path directory;
    private JdbcConnectionPool pool;
    private Connection writer;

    RollupDatabase(Path directory) {
        this.directory = directory;
    }

    /** Opens (creating it if missing) and reads the operations, edges and checkpoint; closed again if that fails. */
    Contents open() throws SQLException {
        pool = JdbcConnectionPool.create("jdbc:h2:file:" + directory.resolve(DB_NAME).toAbsolutePath()
                + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "");
        pool.setMaxConnections(8);
        try {
            writer = pool.getConnection();
            createSchema();
            return load();
        } catch (SQLException | RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    /** Whether {@code e} says the file cannot be read as this schema: damaged, or another version. */
    static boolean unusable(SQLException e) {
        return UNUSABLE_FILE.contains(e.getErrorCode());
    }

    /** Whether a failed write looks like damage in the file: a lock timeout, or a file that cannot be read. */
    static boolean looksDamaged(Exception e) {
        return e instanceof SQLException s && (s.getErrorCode() == ErrorCode.LOCK_TIMEOUT_1 || unusable(s));
    }

    /** Moves the database file in {@code directory} aside, replacing an older one moved aside. */
    static void moveAside(Path directory) throws IOException {
        Path db = directory.resolve(DB_NAME + ".mv.db");
        if (Files.exists(db)) {
            Files.move(db, directory.resolve(DB_NAME + ".damaged.mv.db"), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.deleteIfExists(directory.resolve(DB_NAME + ".trace.db"));
    }

    /** Closes the database and moves its file aside; {@link #open} then starts an empty one. */
    void discard() throws SQLException {
        closeQuietly();
        try {
            moveAside(directory);
        } catch (IOException e) {
            throw new SQLException("cannot move the rollup database in " + directory + " aside", e);
        }
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

    private Contents load() throws SQLException {
        List<Entry> operations = new ArrayList<>();
        List<Entry> edges = new ArrayList<>();
        long checkpoint = RecordPosition.NONE;
        try (Statement st = writer.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT id, service, name, kind, last_minute FROM operation")) {
                while (rs.next()) {
                    OpKey key = new OpKey(rs.getString(2), rs.getString(3), SpanKind.fromNumber(rs.getInt(4)));
                    operations.add(new Entry(key, rs.getInt(1), rs.getLong(5), true));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT id, caller, callee, virtual_callee, last_minute FROM edge")) {
                while (rs.next()) {
                    EdgeKey key = new EdgeKey(rs.getString(2), rs.getString(3), rs.getBoolean(4));
                    edges.add(new Entry(key, rs.getInt(1), rs.getLong(5), true));
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
        return new Contents(operations, edges, checkpoint);
    }

    // ------------------------------------------------------------------------------------------------ writing

    /** The row of {@code key}, or null if there is none or it cannot be decoded. Writer thread. */
    Cell readCell(CellKey key, Entry owner) throws SQLException {
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

    /**
     * Writes {@code entries}, {@code cells} and the checkpoint in one transaction. If it fails, the caller rolls
     * back ({@link #rollbackQuietly}). Writer thread.
     */
    void write(Collection<Entry> entries, Collection<Cell> cells, long checkpoint) throws SQLException {
        writeEntries(entries);
        writeCells(cells);
        try (PreparedStatement cp = writer.prepareStatement(
                "MERGE INTO checkpoint(signal, pos) KEY(signal) VALUES (?, ?)")) {
            cp.setInt(1, Signal.TRACES.ordinal());
            cp.setLong(2, checkpoint);
            cp.executeUpdate();
        }
        writer.commit();
    }

    private void writeEntries(Collection<Entry> entries) throws SQLException {
        try (PreparedStatement insOp = writer.prepareStatement(
                "INSERT INTO operation(id, service, name, kind, last_minute) VALUES (?, ?, ?, ?, ?)");
             PreparedStatement updOp = writer.prepareStatement("UPDATE operation SET last_minute = ? WHERE id = ?");
             PreparedStatement insEdge = writer.prepareStatement(
                     "INSERT INTO edge(id, caller, callee, virtual_callee, last_minute) VALUES (?, ?, ?, ?, ?)");
             PreparedStatement updEdge = writer.prepareStatement("UPDATE edge SET last_minute = ? WHERE id = ?")) {
            for (Entry e : entries) {
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

    private void writeCells(Collection<Cell> cells) throws SQLException {
        try (PreparedStatement span = writer.prepareStatement("MERGE INTO span_rollup(op_id, epoch_minute, "
                + "requests, errors, ok_sketch, failed_sketch) KEY(op_id, epoch_minute) VALUES (?, ?, ?, ?, ?, ?)");
             PreparedStatement edge = writer.prepareStatement("MERGE INTO edge_rollup(edge_id, epoch_minute, "
                     + "calls, errors, sketch) KEY(edge_id, epoch_minute) VALUES (?, ?, ?, ?, ?)")) {
            for (Cell c : cells) {
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

    /**
     * Deletes the rollup rows of minutes before {@code epochMinute}, and the operations and edges last seen before
     * it, in one transaction. Writer thread.
     *
     * @return rows deleted
     */
    long deleteBefore(long epochMinute) throws SQLException {
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
        return rows;
    }

    void rollbackQuietly() {
        try {
            writer.rollback();
        } catch (SQLException e) {
            LOG.warnf(e, "rollup: rollback failed");
        }
    }

    private static byte[] bytes(LatencySketch s) {
        return s.isEmpty() ? null : s.toBytes();
    }

    private static LatencySketch sketch(byte[] bytes) {
        return bytes == null ? LatencySketch.empty() : LatencySketch.fromBytes(bytes);
    }

    // ------------------------------------------------------------------------------------------------ reading

    /**
     * Puts the span rows of minutes [from, to) into {@code rows} where {@code rows} lacks the row or holds it with
     * fewer requests (rows only grow, so more requests is the newer version). Any thread, on a pooled connection.
     */
    void readNewerSpanRollups(String service, String operation, long fromEpochMinute, long toEpochMinute,
                              Map<CellKey, SpanRollup> rows) {
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
    }

    /** Like {@link #readNewerSpanRollups}, for the edge rows (newer = more calls). */
    void readNewerEdgeRollups(long fromEpochMinute, long toEpochMinute, Map<CellKey, EdgeRollup> rows) {
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
    }

    // ---------------------------------------------------------------------------------------------- lifecycle

    /** Shuts the database down; {@link #dispose} then releases the pool. */
    void shutdown() throws SQLException {
        try (Statement st = writer.createStatement()) {
            st.execute("SHUTDOWN");
        }
    }

    void dispose() {
        pool.dispose();
    }

    void closeQuietly() {
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
