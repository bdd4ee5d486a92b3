package dev.sightline.store.index;

import dev.sightline.store.model.Signal;
import dev.sightline.store.model.TraceId;
import dev.sightline.store.read.ServiceInfo;
import dev.sightline.store.wal.RecordPosition;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The indexes over the logs: an H2 file database ({@link H2Index}, the durable, queryable part) and two persisted
 * Chronicle Maps ({@link HotMaps}, the hot lookups). Both are derived from the logs and rebuilt from them; see
 * {@code store/README.md}. This class keeps them in step and owns the clean-shutdown marker that decides whether
 * the hot maps can be trusted at open; otherwise they are recreated empty and {@link #rebuildHotMaps()} refills
 * them from H2.
 *
 * <p>Writes ({@link #apply}, {@link #purgeSegment}, {@link #rebuildHotMaps}) come from one thread, the indexer;
 * reads from any thread.
 */
public final class IndexStore implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(IndexStore.class);
    private static final String CLEAN_MARKER = "clean-shutdown";

    private final Path directory;
    private final IndexOptions options;
    // Replaced only by discardAndRecreate(), on the writer thread before the store is ready.
    private volatile H2Index h2;
    private volatile HotMaps hotMaps;

    private IndexStore(Path directory, IndexOptions options, H2Index h2, HotMaps hotMaps) {
        this.directory = directory;
        this.options = options;
        this.h2 = h2;
        this.hotMaps = hotMaps;
    }

    /** Opens the indexes in {@code directory}, creating what is missing. */
    public static IndexStore open(Path directory, IndexOptions options) throws IOException, SQLException {
        Files.createDirectories(directory);
        // Deleted (durably) before anything is written, so a crash from here on leaves the hot maps untrusted.
        Path marker = directory.resolve(CLEAN_MARKER);
        boolean clean = Files.exists(marker);
        if (clean) {
            Files.delete(marker);
            forceDirectory(directory);
        } else if (hasFiles(directory)) {
            // After a kill -9, H2 was seen to keep rows of the dead process's last transaction half there: locked
            // for ever, or visible without the rest of the transaction. The indexes are derived, so rather than
            // trust them we start empty and replay every log (docs: store/README.md, "Recovery").
            LOG.infof("index: no clean shutdown marker; rebuilding the index from the write-ahead log");
            deleteContents(directory);
        }
        H2Index h2 = H2Index.open(directory);
        HotMaps hotMaps = HotMaps.open(directory, options, clean && !h2.isNew());
        if (hotMaps.needRebuild() && !h2.isNew()) {
            LOG.infof("index: Chronicle map files missing; the hot maps will be rebuilt from H2");
        }
        return new IndexStore(directory, options, h2, hotMaps);
    }

    /**
     * Throws the indexes away and starts empty (checkpoints at the start of every log), for when they cannot be
     * brought up to date: after an unclean exit H2 has been seen to keep rows locked by a transaction of the dead
     * process. Everything here is derived from the logs, so the caller replays them from the start. Writer thread,
     * before the store is ready.
     */
    public void discardAndRecreate() throws IOException, SQLException {
        try {
            hotMaps.close();
        } catch (RuntimeException e) {
            LOG.debugf(e, "index: closing the Chronicle maps before discarding them failed");
        }
        h2.close();
        deleteContents(directory);
        h2 = H2Index.open(directory);
        hotMaps = HotMaps.open(directory, options, false);
    }

    /**
     * Opens the indexes; if they cannot be opened at all (a damaged H2 file, an index written by another schema
     * version), deletes them and starts empty, so the store rebuilds them from the logs instead of not starting.
     */
    public static IndexStore openOrRecreate(Path directory, IndexOptions options) throws IOException, SQLException {
        try {
            return open(directory, options);
        } catch (IOException | SQLException | RuntimeException e) {
            LOG.warnf(e, "index: cannot open the index in %s; deleting it to rebuild it from the write-ahead log",
                    directory);
            deleteContents(directory);
            return open(directory, options);
        }
    }

    private static boolean hasFiles(Path directory) throws IOException {
        try (var files = Files.list(directory)) {
            return files.findAny().isPresent();
        }
    }

    private static void deleteContents(Path directory) throws IOException {
        try (var files = Files.list(directory)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
        forceDirectory(directory);
    }

    /** True when the Chronicle maps were (re)created empty and {@link #rebuildHotMaps()} must run before reads. */
    public boolean hotMapsNeedRebuild() {
        return hotMaps.needRebuild();
    }

    /** Position of the last record of the signal that is indexed, {@link RecordPosition#NONE} if none. */
    public long checkpoint(Signal signal) {
        return h2.checkpoint(signal);
    }

    // ------------------------------------------------------------------------------------------------ writing

    /**
     * Indexes records, in log order, in one transaction that also moves the checkpoints, then updates the hot maps.
     * Idempotent: applying a record again changes nothing (the fast path INSERTs; if a row is already there the
     * batch is rolled back and applied again with MERGEs; a trace entry ignores a position it already holds).
     */
    public void apply(List<IndexedRecord> records) throws SQLException {
        h2.apply(records, hotMaps);
    }

    /**
     * Refills the (empty) Chronicle maps from H2: trace entries from the record rows' trace blobs, series from
     * {@code metric_series}. Writer thread; before the indexer takes live records.
     */
    public void rebuildHotMaps() throws SQLException {
        h2.rebuild(hotMaps);
    }

    /**
     * Removes everything that points into one deleted (or about to be deleted) segment of a signal: its record
     * rows, metric rows, trace overflow rows and its positions in trace entries; forgets metric names with no
     * record left and services last seen before the oldest record left. Writer thread.
     */
    public PurgeResult purgeSegment(Signal signal, long segmentId) throws SQLException {
        long from = RecordPosition.segmentStart(segmentId);
        long to = RecordPosition.segmentStart(segmentId + 1);
        H2Index.PurgedRows rows = h2.purge(signal, from, to);
        int traceEntriesRemoved = hotMaps.removePositions(rows.traces(), signal, from, to);
        return new PurgeResult(rows.recordRows(), traceEntriesRemoved, rows.metricNames());
    }

    /** What one purge removed. */
    public record PurgeResult(int recordRows, int traceEntries, int metricNames) {
    }

    // ------------------------------------------------------------------------------------------------ reading

    /** Positions of the records of {@code signal} that hold items of the trace, in log order. */
    public List<Long> tracePositions(TraceId traceId, Signal signal) {
        // Readers always union both: positions past an entry's cap, or of traces the full map had no room for,
        // are only in H2.
        TreeSet<Long> out = new TreeSet<>();
        for (long p : hotMaps.positions(traceId, signal)) {
            out.add(p);
        }
        out.addAll(h2.overflowPositions(traceId, signal));
        return new ArrayList<>(out);
    }

    public Optional<TraceSummary> traceSummary(TraceId traceId) {
        return hotMaps.summary(traceId);
    }

    /** Positions of the metric records holding points of {@code name} in [from, to), in log order. */
    public List<Long> metricPositions(String name, long fromEpochNanos, long toEpochNanos) {
        return h2.metricPositions(name, fromEpochNanos, toEpochNanos);
    }

    /** Positions of the signal's newest records, newest first. */
    public List<Long> newestPositions(Signal signal, int limit) {
        return h2.newestPositions(signal, limit);
    }

    /**
     * Records of the signal whose item time range overlaps [from, to), newest first, with positions below
     * {@code beforePosition}, at most {@code limit}: the candidates of a search, with their skip index.
     */
    public List<RecordRef> recordsOverlapping(Signal signal, long fromNanos, long toNanos, long beforePosition,
                                              int limit) {
        return h2.recordsOverlapping(signal, fromNanos, toNanos, beforePosition, limit);
    }

    public List<String> metricNames() {
        return h2.metricNames();
    }

    public List<ServiceInfo> services() {
        return h2.services();
    }

    /** Entries in the hot trace map (cheap; for stats). */
    public long traceEntries() {
        return hotMaps.traceEntries();
    }

    /** Entries in the hot series map (cheap; for stats). */
    public long seriesEntries() {
        return hotMaps.seriesEntries();
    }

    /** Row and entry counts (counts whole tables: for tests and tools, not for every scrape). */
    public IndexCounts counts() {
        H2Index.RowCounts rows = h2.countRows();
        return new IndexCounts(rows.recordRows(), rows.metricRows(), rows.traceOverflowRows(), rows.seriesRows(),
                hotMaps.traceEntries(), hotMaps.seriesEntries(), hotMaps.failures());
    }

    public record IndexCounts(long recordRows, long metricRows, long traceOverflowRows, long seriesRows,
                              long traceEntries, long seriesEntries, long hotMapFailures) {
    }

    // ---------------------------------------------------------------------------------------------- lifecycle

    /**
     * Closes H2 and the Chronicle maps. With {@code clean} (everything written so far is indexed and committed)
     * leaves the marker that lets the next open trust the Chronicle maps.
     */
    public void close(boolean clean) {
        try {
            hotMaps.close();
        } catch (RuntimeException e) {
            LOG.warnf(e, "index: closing the Chronicle maps failed");
            clean = false;
        }
        if (!h2.close()) {
            clean = false;
        }
        if (clean) {
            Path marker = directory.resolve(CLEAN_MARKER);
            try (FileChannel ch = FileChannel.open(marker, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                ch.force(true);
                forceDirectory(directory);
            } catch (IOException e) {
                LOG.warnf(e, "index: cannot write %s; the next start rebuilds the hot maps", marker);
            }
        }
    }

    @Override
    public void close() {
        close(false);
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            LOG.debugf(e, "index: cannot fsync %s", dir);
        }
    }
}
