package dev.sightline.store.index;

import dev.sightline.store.model.Signal;
import dev.sightline.store.model.TraceId;
import net.openhft.chronicle.map.ChronicleMap;
import org.jboss.logging.Logger;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The two persisted Chronicle Maps: trace ID → {@link TraceEntry} and series hash → series id (+ first seen). They
 * are memory-mapped and never synced, so they are trusted only after a clean shutdown; otherwise they are recreated
 * empty and refilled from H2 ({@link H2Index#rebuild}).
 *
 * <p>The trace map is fixed-size: a put it refuses counts as a failure, and {@link Changes#store()} hands the
 * positions back to be kept as H2 rows instead. Writes come from the indexer thread; reads from any.
 */
final class HotMaps {
    private static final Logger LOG = Logger.getLogger(HotMaps.class);
    private static final String TRACES_MAP = "traces.cmap";
    private static final String SERIES_MAP = "series.cmap";

    private final ChronicleMap<byte[], byte[]> traces;
    private final ChronicleMap<byte[], byte[]> series;
    private final int maxInlinePositions;
    private final boolean needRebuild;
    private volatile long failures;

    /** A trace position the trace map could not take; it is kept as an H2 overflow row. */
    record TracePosition(MapKey trace, Signal signal, long position) {
    }

    private HotMaps(ChronicleMap<byte[], byte[]> traces, ChronicleMap<byte[], byte[]> series, int maxInlinePositions,
                    boolean needRebuild) {
        this.traces = traces;
        this.series = series;
        this.maxInlinePositions = maxInlinePositions;
        this.needRebuild = needRebuild;
    }

    /**
     * Opens the map files in {@code directory}. Unless {@code trusted} (clean shutdown, H2 not new), or when a file
     * is missing or cannot be opened, both are deleted and recreated empty, and {@link #needRebuild()} is true.
     */
    static HotMaps open(Path directory, IndexOptions options, boolean trusted) throws IOException {
        boolean rebuild = !trusted;
        Path tracesFile = directory.resolve(TRACES_MAP);
        Path seriesFile = directory.resolve(SERIES_MAP);
        if (!Files.exists(tracesFile) || !Files.exists(seriesFile)) {
            rebuild = true;
        }
        if (rebuild) {
            Files.deleteIfExists(tracesFile);
            Files.deleteIfExists(seriesFile);
        }
        ChronicleMap<byte[], byte[]> t;
        ChronicleMap<byte[], byte[]> s;
        try {
            t = openTraces(tracesFile.toFile(), options);
            s = openSeries(seriesFile.toFile(), options);
        } catch (IOException | RuntimeException e) {
            LOG.warnf(e, "index: cannot open the Chronicle maps in %s; recreating them", directory);
            Files.deleteIfExists(tracesFile);
            Files.deleteIfExists(seriesFile);
            t = openTraces(tracesFile.toFile(), options);
            s = openSeries(seriesFile.toFile(), options);
            rebuild = true;
        }
        return new HotMaps(t, s, options.maxInlinePositions(), rebuild);
    }

    private static ChronicleMap<byte[], byte[]> openTraces(File file, IndexOptions options) throws IOException {
        return ChronicleMap.of(byte[].class, byte[].class)
                .name("sightline-traces")
                .constantKeySizeBySample(new byte[16])
                .averageValueSize(48)
                .entries(options.traceEntries())
                .maxBloatFactor(4.0)
                .createPersistedTo(file);
    }

    private static ChronicleMap<byte[], byte[]> openSeries(File file, IndexOptions options) throws IOException {
        return ChronicleMap.of(byte[].class, byte[].class)
                .name("sightline-series")
                .constantKeySizeBySample(new byte[16])
                .constantValueSizeBySample(new byte[16])
                .entries(options.seriesEntries())
                .maxBloatFactor(4.0)
                .createPersistedTo(file);
    }

    /** True when the maps were (re)created empty and must be refilled from H2 before reads. */
    boolean needRebuild() {
        return needRebuild;
    }

    /** Starts the changes of one indexer batch. */
    Changes changes() {
        return new Changes();
    }

    /**
     * The hot-map changes of one batch: made in memory while its H2 transaction is built, and stored only after it
     * commits, so the maps never point at rows H2 rolled back.
     */
    final class Changes {
        private final Map<MapKey, TraceEntry> touched = new HashMap<>();
        private final Map<MapKey, List<TracePosition>> addedInline = new HashMap<>();
        private final Map<MapKey, long[]> newSeries = new LinkedHashMap<>();

        private Changes() {
        }

        /**
         * Counts the ref's items in its trace's entry and keeps the position there if there is room. False when
         * the position must be kept as an H2 overflow row instead; true also when the entry already holds it (a
         * replayed record changes nothing).
         */
        boolean addTracePosition(IndexDelta.TraceRef ref, Signal signal, long position) {
            MapKey key = new MapKey(ref.high(), ref.low());
            TraceEntry e = touched.computeIfAbsent(key, k -> TraceEntry.decode(traces.get(k.bytes())));
            if (e.contains(signal, position)) {
                return true;
            }
            if (!e.add(signal, position, ref, maxInlinePositions)) {
                return false;
            }
            addedInline.computeIfAbsent(key, k -> new ArrayList<>()).add(new TracePosition(key, signal, position));
            return true;
        }

        /** True if the series is neither in the map nor already added by this batch. */
        boolean isNewSeries(IndexDelta.SeriesRef ref) {
            MapKey key = new MapKey(ref.high(), ref.low());
            return !newSeries.containsKey(key) && !series.containsKey(key.bytes());
        }

        void addSeries(IndexDelta.SeriesRef ref, long id, long firstSeenMillis) {
            newSeries.put(new MapKey(ref.high(), ref.low()), new long[] {id, firstSeenMillis});
        }

        /**
         * Writes the changed entries and the new series. Returns the positions this batch kept inline in entries
         * the trace map refused (it is full, or the entry too large): the caller keeps them as H2 rows instead.
         */
        List<TracePosition> store() {
            List<TracePosition> refused = new ArrayList<>();
            for (Map.Entry<MapKey, TraceEntry> e : touched.entrySet()) {
                if (e.getValue().dirty && !putQuietly(traces, e.getKey().bytes(), e.getValue().encode())) {
                    refused.addAll(addedInline.getOrDefault(e.getKey(), List.of()));
                }
            }
            for (Map.Entry<MapKey, long[]> e : newSeries.entrySet()) {
                putSeries(e.getKey(), e.getValue()[0], e.getValue()[1]);
            }
            return refused;
        }
    }

    void putSeries(MapKey key, long id, long firstSeenMillis) {
        putQuietly(series, key.bytes(), ByteBuffer.allocate(16).putLong(id).putLong(firstSeenMillis).array());
    }

    /**
     * Drops the positions in [from, to) of the signal from the given traces' entries, and the entries left with
     * nothing. Returns the number of entries removed.
     */
    int removePositions(Set<MapKey> traceKeys, Signal signal, long from, long to) {
        int removed = 0;
        for (MapKey k : traceKeys) {
            byte[] kb = k.bytes();
            byte[] value = traces.get(kb);
            if (value == null) {
                continue;
            }
            TraceEntry e = TraceEntry.decode(value);
            if (!e.removeRange(signal, from, to)) {
                continue;
            }
            if (e.isEmpty()) {
                traces.remove(kb);
                removed++;
            } else {
                putQuietly(traces, kb, e.encode());
            }
        }
        return removed;
    }

    private boolean putQuietly(ChronicleMap<byte[], byte[]> map, byte[] key, byte[] value) {
        try {
            map.put(key, value);
            return true;
        } catch (RuntimeException e) {
            failures++;
            LOG.warnf("index: cannot put into %s (%s); falling back to H2 rows", map.name(), e.toString());
            return false;
        }
    }

    /** The trace's positions of {@code signal} held inline (H2 overflow rows may hold more). */
    long[] positions(TraceId traceId, Signal signal) {
        byte[] value = traces.get(new MapKey(traceId.high(), traceId.low()).bytes());
        return value == null ? new long[0] : TraceEntry.decode(value).positions(signal);
    }

    Optional<TraceSummary> summary(TraceId traceId) {
        byte[] value = traces.get(new MapKey(traceId.high(), traceId.low()).bytes());
        return value == null ? Optional.empty() : Optional.of(TraceEntry.decode(value).summary(traceId));
    }

    long traceEntries() {
        return traces.isOpen() ? traces.longSize() : 0;
    }

    long seriesEntries() {
        return series.isOpen() ? series.longSize() : 0;
    }

    /** Puts the maps refused since open. */
    long failures() {
        return failures;
    }

    void close() {
        traces.close();
        series.close();
    }
}
