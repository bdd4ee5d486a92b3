package dev.sightline.store.index;

import dev.sightline.store.model.Signal;
import dev.sightline.store.model.TraceId;
import dev.sightline.store.read.ServiceInfo;
import dev.sightline.store.wal.RecordPosition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The indexes on their own, fed hand-made extracts (no codec, no log). */
class IndexStoreTest {

    static final IndexOptions OPTIONS = new IndexOptions(10_000, 10_000, 32, 256);

    @TempDir
    Path dir;

    IndexStore store;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    IndexStore open(IndexOptions options) throws Exception {
        store = IndexStore.open(dir, options);
        if (store.hotMapsNeedRebuild()) {
            store.rebuildHotMaps();
        }
        return store;
    }

    static final TraceId A = new TraceId(1, 1);
    static final TraceId B = new TraceId(2, 2);

    static IndexedRecord spans(long position, long millis, String service, TraceId... traces) {
        List<IndexDelta.TraceRef> refs = new ArrayList<>();
        for (TraceId t : traces) {
            refs.add(new IndexDelta.TraceRef(t.high(), t.low(), position * 10, position * 10 + 5, 3));
        }
        return new IndexedRecord(Signal.TRACES, position, millis,
                new IndexDelta(Signal.TRACES, 3 * traces.length, 0, 1, refs, List.of(service), List.of(), List.of()));
    }

    static IndexedRecord logs(long position, long millis, String service, TraceId trace) {
        return new IndexedRecord(Signal.LOGS, position, millis, new IndexDelta(Signal.LOGS, 1, 5, 5,
                List.of(new IndexDelta.TraceRef(trace.high(), trace.low(), 5, 5, 1)), List.of(service), List.of(),
                List.of()));
    }

    static IndexedRecord metric(long position, long millis, String service, String name, long from, long to,
                                long seriesHash) {
        return new IndexedRecord(Signal.METRICS, position, millis, new IndexDelta(Signal.METRICS, 2, from, to,
                List.of(), List.of(service), List.of(new IndexDelta.MetricRef(name, from, to, 2)),
                List.of(new IndexDelta.SeriesRef(seriesHash, seriesHash, name))));
    }

    static long pos(long segment, long offset) {
        return RecordPosition.of(segment, offset);
    }

    List<IndexedRecord> sample() {
        return List.of(
                spans(pos(1, 24), 1000, "cart", A, B),
                spans(pos(1, 500), 2000, "cart", A),
                spans(pos(2, 24), 3000, "pay", B),
                logs(pos(1, 24), 1500, "cart", A),
                metric(pos(1, 24), 1200, "pay", "queue.depth", 100, 200, 7),
                metric(pos(2, 24), 4000, "pay", "queue.depth", 300, 400, 7),
                metric(pos(2, 90), 4000, "cart", "cpu", 300, 300, 8));
    }

    @Test
    void appliedRecordsAreFoundByTraceMetricNameTimeAndService() throws Exception {
        open(OPTIONS).apply(sample());

        assertThat(store.tracePositions(A, Signal.TRACES)).containsExactly(pos(1, 24), pos(1, 500));
        assertThat(store.tracePositions(B, Signal.TRACES)).containsExactly(pos(1, 24), pos(2, 24));
        assertThat(store.tracePositions(A, Signal.LOGS)).containsExactly(pos(1, 24));
        assertThat(store.tracePositions(B, Signal.LOGS)).isEmpty();
        assertThat(store.traceSummary(A)).hasValueSatisfying(s -> {
            assertThat(s.spans()).isEqualTo(6);
            assertThat(s.logs()).isEqualTo(1);
            assertThat(s.spanRecords()).isEqualTo(2);
            assertThat(s.startEpochNanos()).isEqualTo(pos(1, 24) * 10);
        });
        assertThat(store.metricNames()).containsExactly("cpu", "queue.depth");
        assertThat(store.metricPositions("queue.depth", 0, Long.MAX_VALUE)).containsExactly(pos(1, 24), pos(2, 24));
        assertThat(store.metricPositions("queue.depth", 250, 350)).containsExactly(pos(2, 24));
        assertThat(store.metricPositions("queue.depth", 201, 300)).isEmpty();
        assertThat(store.services()).containsExactly(
                new ServiceInfo("cart", Set.of(Signal.TRACES, Signal.LOGS, Signal.METRICS), 1000, 4000),
                new ServiceInfo("pay", Set.of(Signal.TRACES, Signal.METRICS), 1200, 4000));
        assertThat(store.checkpoint(Signal.TRACES)).isEqualTo(pos(2, 24));
        assertThat(store.checkpoint(Signal.METRICS)).isEqualTo(pos(2, 90));
        assertThat(store.counts().recordRows()).isEqualTo(7);
        assertThat(store.counts().seriesRows()).isEqualTo(2);
    }

    @Test
    void applyingTheSameRecordsAgainChangesNothing() throws Exception {
        open(OPTIONS).apply(sample());
        IndexStore.IndexCounts before = store.counts();
        TraceSummary summary = store.traceSummary(A).orElseThrow();

        store.apply(sample());
        store.apply(sample().subList(2, 5));

        assertThat(store.counts()).isEqualTo(before);
        assertThat(store.traceSummary(A)).contains(summary);
        assertThat(store.tracePositions(A, Signal.TRACES)).containsExactly(pos(1, 24), pos(1, 500));
        assertThat(store.metricPositions("queue.depth", 0, Long.MAX_VALUE)).hasSize(2);
    }

    @Test
    void positionsPastTheInlineCapAreKeptInH2AndStillFound() throws Exception {
        open(new IndexOptions(10_000, 10_000, 2, 256));
        List<IndexedRecord> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            records.add(spans(pos(1, 24 + i * 100L), 1000, "cart", A));
        }
        store.apply(records.subList(0, 3));
        store.apply(records.subList(3, 5));

        assertThat(store.tracePositions(A, Signal.TRACES)).containsExactlyElementsOf(
                records.stream().map(IndexedRecord::position).toList());
        assertThat(store.counts().traceOverflowRows()).isEqualTo(3);
        assertThat(store.traceSummary(A).orElseThrow().spanRecords()).isEqualTo(2);
    }

    @Test
    void aRebuildIntoATraceMapTooSmallKeepsWhatItCannotHoldAsH2Rows() throws Exception {
        open(new IndexOptions(100_000, 10_000, 32, 256));
        List<TraceId> traces = new ArrayList<>();
        for (int r = 0; r < 100; r++) {
            TraceId[] ids = new TraceId[100];
            for (int t = 0; t < ids.length; t++) {
                ids[t] = new TraceId(r + 1, t + 1);
                traces.add(ids[t]);
            }
            store.apply(List.of(spans(pos(1, 24 + r * 1000L), 1000, "cart", ids)));
        }
        assertThat(store.counts().traceOverflowRows()).isZero();
        store.close(true);
        deleteHotMapFiles();

        // 10,000 traces cannot all fit a map sized for 1,000 (it grows to a few times that at most).
        store = IndexStore.open(dir, new IndexOptions(1_000, 10_000, 32, 256));
        assertThat(store.hotMapsNeedRebuild()).isTrue();
        store.rebuildHotMaps();

        assertThat(store.counts().traceOverflowRows()).isPositive();
        for (TraceId t : traces) {
            assertThat(store.tracePositions(t, Signal.TRACES)).as("trace %s", t).hasSize(1);
        }
    }

    @Test
    void afterACleanCloseTheIndexIsTrustedAndLostHotMapsAreRebuiltFromH2() throws Exception {
        open(OPTIONS).apply(sample());
        TraceSummary summary = store.traceSummary(A).orElseThrow();
        store.close(true);

        store = IndexStore.open(dir, OPTIONS);
        assertThat(store.hotMapsNeedRebuild()).isFalse();
        assertThat(store.traceSummary(A)).contains(summary);
        assertThat(store.checkpoint(Signal.LOGS)).isEqualTo(pos(1, 24));
        store.close(true);
        deleteHotMapFiles();

        store = IndexStore.open(dir, OPTIONS);
        assertThat(store.hotMapsNeedRebuild()).isTrue();
        assertThat(store.traceSummary(A)).isEmpty();
        store.rebuildHotMaps();
        assertThat(store.traceSummary(A)).contains(summary);
        assertThat(store.tracePositions(B, Signal.TRACES)).containsExactly(pos(1, 24), pos(2, 24));
        assertThat(store.counts().seriesEntries()).isEqualTo(2);
    }

    @Test
    void afterAnUncleanCloseTheIndexStartsEmptySoTheLogsAreReplayedFromTheStart() throws Exception {
        open(OPTIONS).apply(sample());
        store.close(false);

        store = IndexStore.open(dir, OPTIONS);
        for (Signal signal : Signal.values()) {
            assertThat(store.checkpoint(signal)).isEqualTo(RecordPosition.NONE);
        }
        assertThat(store.counts().recordRows()).isZero();
        assertThat(store.traceSummary(A)).isEmpty();
        assertThat(store.services()).isEmpty();
    }

    @Test
    void anIndexOfAnotherSchemaVersionIsDeletedAndRecreatedEmpty() throws Exception {
        open(OPTIONS).apply(List.of(spans(1, 10, "checkout", A)));
        store.close(true);
        store = null;
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(
                "jdbc:h2:file:" + dir.resolve("sightline").toAbsolutePath(), "sa", "");
             java.sql.Statement st = c.createStatement()) {
            st.execute("UPDATE meta SET v = '999' WHERE k = 'schema'");
        }
        assertThatThrownBy(() -> IndexStore.open(dir, OPTIONS)).hasMessageContaining("schema version 999");
        store = IndexStore.openOrRecreate(dir, OPTIONS);
        assertThat(store.checkpoint(Signal.TRACES)).as("empty: the logs are replayed").isEqualTo(RecordPosition.NONE);
        assertThat(store.tracePositions(A, Signal.TRACES)).isEmpty();
        store.apply(List.of(spans(2, 20, "checkout", A)));
        assertThat(store.tracePositions(A, Signal.TRACES)).containsExactly(2L);
    }

    private void deleteHotMapFiles() throws java.io.IOException {
        try (var files = java.nio.file.Files.list(dir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".cmap")).toList()) {
                java.nio.file.Files.delete(f);
            }
        }
    }

    @Test
    void purgingASegmentRemovesExactlyWhatPointsIntoIt() throws Exception {
        open(OPTIONS).apply(sample());

        IndexStore.PurgeResult traces = store.purgeSegment(Signal.TRACES, 1);
        IndexStore.PurgeResult metrics = store.purgeSegment(Signal.METRICS, 1);

        assertThat(traces.recordRows()).isEqualTo(2);
        assertThat(traces.traceEntries()).isZero(); // A still has a log, B a span in segment 2
        assertThat(store.tracePositions(A, Signal.TRACES)).isEmpty();
        assertThat(store.tracePositions(A, Signal.LOGS)).containsExactly(pos(1, 24));
        assertThat(store.tracePositions(B, Signal.TRACES)).containsExactly(pos(2, 24));
        assertThat(metrics.recordRows()).isEqualTo(1);
        assertThat(store.metricPositions("queue.depth", 0, Long.MAX_VALUE)).containsExactly(pos(2, 24));
        assertThat(store.services()).filteredOn(s -> s.name().equals("pay")).singleElement()
                .satisfies(s -> assertThat(s.signals()).containsExactlyInAnyOrder(Signal.TRACES, Signal.METRICS));

        IndexStore.PurgeResult logs = store.purgeSegment(Signal.LOGS, 1);
        assertThat(logs.traceEntries()).isEqualTo(1); // A: nothing left
        assertThat(store.traceSummary(A)).isEmpty();
        assertThat(store.services()).filteredOn(s -> s.name().equals("cart")).singleElement()
                .satisfies(s -> assertThat(s.signals()).containsExactlyInAnyOrder(Signal.METRICS));

        assertThat(store.purgeSegment(Signal.METRICS, 2).metricNames()).isEqualTo(2);
        assertThat(store.metricNames()).isEmpty();
    }

    @Test
    void theCheckpointSurvivesAReopenWithTheRowsItCovers() throws Exception {
        open(OPTIONS).apply(sample());
        store.close(true);
        store = IndexStore.open(dir, OPTIONS);
        assertThat(store.checkpoint(Signal.TRACES)).isEqualTo(pos(2, 24));
        assertThat(store.checkpoint(Signal.LOGS)).isEqualTo(pos(1, 24));
        assertThat(store.counts().recordRows()).isEqualTo(7);
    }
}
