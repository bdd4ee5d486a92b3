package dev.sightline.store.engine;

import dev.sightline.store.StoreConfig;
import dev.sightline.store.codec.BinaryBatchCodec;
import dev.sightline.store.model.Attribute;
import dev.sightline.store.model.ResourceGroup;
import dev.sightline.store.model.ScopeGroup;
import dev.sightline.store.model.Signal;
import dev.sightline.store.model.Span;
import dev.sightline.store.model.SpanBatch;
import dev.sightline.store.model.SpanKind;
import dev.sightline.store.model.TelemetryBatch;
import dev.sightline.store.model.TraceId;
import dev.sightline.store.rollup.EdgeRollup;
import dev.sightline.store.rollup.LatencySketch;
import dev.sightline.store.rollup.OperationInfo;
import dev.sightline.store.rollup.RollupDelta;
import dev.sightline.store.rollup.RollupOptions;
import dev.sightline.store.rollup.SpanRollup;
import dev.sightline.store.testing.Distributions;
import dev.sightline.store.testing.Distributions.Shape;
import dev.sightline.store.testing.ModelFixtures;
import dev.sightline.store.wal.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.sightline.store.testing.ModelFixtures.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class EmbeddedStoreRollupTest {

    static final long T0 = ModelFixtures.BASE_EPOCH_NANOS;
    static final long MINUTE0 = RollupDelta.epochMinute(T0);
    static final long MS = 1_000_000L;
    static final long ALL_FROM = Long.MIN_VALUE;
    static final long ALL_TO = Long.MAX_VALUE;

    @TempDir
    Path dir;

    final MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
    final List<EmbeddedStore> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(EmbeddedStore::close);
    }

    static StoreConfig config(Path data) {
        Duration week = Duration.ofDays(7);
        return new StoreConfig(data, 64 * 1024, Duration.ofHours(1), StoreConfig.FsyncPolicy.NEVER,
                Duration.ofSeconds(1), 64L << 20, 100_000,
                Map.of(Signal.TRACES, week, Signal.LOGS, week, Signal.METRICS, week), 0, Duration.ofHours(1));
    }

    EmbeddedStore open(StoreConfig config, RollupOptions options) throws Exception {
        EmbeddedStore store = EmbeddedStore.open(config, new BinaryBatchCodec(), clock, EmbeddedStoreTest.SMALL_INDEX,
                options);
        opened.add(store);
        assertThat(store.awaitReady(EmbeddedStoreTest.WAIT)).as("ready").isTrue();
        return store;
    }

    EmbeddedStore open(Path data) throws Exception {
        return open(config(data), RollupOptions.defaults());
    }

    EmbeddedStore open() throws Exception {
        return open(dir);
    }

    static void append(EmbeddedStore store, TelemetryBatch batch) throws Exception {
        store.append(batch).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    static void awaitIndexed(EmbeddedStore store) throws Exception {
        assertThat(store.awaitIndexed(EmbeddedStoreTest.WAIT)).as("indexed").isTrue();
    }

    /** What the span rollups must hold, counted from the spans themselves: key → {requests, errors}. */
    static final class Expected {
        final Map<String, long[]> cells = new TreeMap<>();

        void add(TelemetryBatch batch) {
            if (!(batch instanceof SpanBatch spans)) {
                return;
            }
            for (ResourceGroup<Span> g : spans.resources()) {
                for (ScopeGroup<Span> s : g.scopes()) {
                    for (Span span : s.items()) {
                        long[] c = cells.computeIfAbsent(key(g.resource().serviceName(), span.name(), span.kind(),
                                Math.floorDiv(span.startEpochNanos(), 60_000_000_000L)), k -> new long[2]);
                        c[0]++;
                        c[1] += span.isError() ? 1 : 0;
                    }
                }
            }
        }
    }

    static String key(String service, String operation, SpanKind kind, long minute) {
        return service + "|" + operation + "|" + kind + "|" + minute;
    }

    /** The span rollups as key → {requests, errors}; every row listed once. */
    static Map<String, long[]> counts(EmbeddedStore store) {
        Map<String, long[]> out = new TreeMap<>();
        for (SpanRollup r : store.spanRollups(null, null, ALL_FROM, ALL_TO)) {
            assertThat(r.ok().count() + r.failed().count()).as("sketch counts").isEqualTo(r.requests());
            assertThat(r.failed().count()).isEqualTo(r.errors());
            long[] previous = out.put(key(r.service(), r.operation(), r.kind(), r.epochMinute()),
                    new long[] {r.requests(), r.errors()});
            assertThat(previous).as("row listed once").isNull();
        }
        return out;
    }

    static void assertCountsMatch(EmbeddedStore store, Expected expected) {
        Map<String, long[]> actual = counts(store);
        assertThat(actual.keySet()).isEqualTo(expected.cells.keySet());
        expected.cells.forEach((k, v) -> assertThat(actual.get(k)).as(k).containsExactly(v));
    }

    static Map<String, Long> edgeCalls(EmbeddedStore store) {
        Map<String, Long> out = new TreeMap<>();
        for (EdgeRollup e : store.edgeRollups(ALL_FROM, ALL_TO)) {
            out.merge(e.caller() + "->" + e.callee() + (e.virtualCallee() ? " (virtual)" : ""), e.calls(), Long::sum);
        }
        return out;
    }

    static List<TelemetryBatch> appendRandom(EmbeddedStore store, Expected expected, long seed, int n)
            throws Exception {
        List<TelemetryBatch> batches = EmbeddedStoreTest.randomBatches(seed, n);
        for (TelemetryBatch b : batches) {
            append(store, b);
            expected.add(b);
        }
        awaitIndexed(store);
        return batches;
    }

    // ------------------------------------------------------------------------------------ counts and latency

    @Test
    void countsAndErrorsAreExactAndPercentilesWithinOnePercentOfTheExactOnesOverThousandsOfSpans() throws Exception {
        EmbeddedStore store = open();
        Random rnd = new Random(42);
        long trace = 1;
        for (Shape shape : Shape.values()) {
            int n = 6000;
            long[] ok = new long[n];
            long[] failed = new long[n];
            int okCount = 0;
            int failedCount = 0;
            List<Span> spans = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                boolean error = rnd.nextInt(12) == 0;
                long duration = shape.draw(rnd) * (error ? 3 : 1);
                long start = T0 + i * (30 * 60_000 * MS / n); // 30 minutes
                spans.add(span(new TraceId(7, trace++), 1, 0, SpanKind.SERVER, shape.name(), start, duration, error,
                        List.of()));
                if (error) {
                    failed[failedCount++] = duration;
                } else {
                    ok[okCount++] = duration;
                }
                if (spans.size() == 500) {
                    append(store, ModelFixtures.spanBatch("checkout", spans));
                    spans = new ArrayList<>();
                }
            }
            awaitIndexed(store);

            List<SpanRollup> rows = store.spanRollups("checkout", shape.name(), MINUTE0, MINUTE0 + 30);
            assertThat(rows).hasSize(30);
            LatencySketch okSketch = LatencySketch.empty();
            LatencySketch failedSketch = LatencySketch.empty();
            long requests = 0;
            long errors = 0;
            for (SpanRollup r : rows) {
                assertThat(r.requests()).as("minute %d", r.epochMinute()).isEqualTo(n / 30);
                requests += r.requests();
                errors += r.errors();
                okSketch.merge(r.ok());
                failedSketch.merge(r.failed());
            }
            assertThat(requests).isEqualTo(n);
            assertThat(errors).isEqualTo(failedCount);
            long[] okValues = Arrays.copyOf(ok, okCount);
            long[] failedValues = Arrays.copyOf(failed, failedCount);
            for (double q : new double[] {0.5, 0.95, 0.99}) {
                double exactOk = Distributions.exactQuantile(okValues, q);
                double exactFailed = Distributions.exactQuantile(failedValues, q);
                assertThat(okSketch.quantileNanos(q)).as("%s ok p%s", shape, q * 100)
                        .isCloseTo(exactOk, within(exactOk * (0.01 + 1e-9)));
                assertThat(failedSketch.quantileNanos(q)).as("%s failed p%s", shape, q * 100)
                        .isCloseTo(exactFailed, within(exactFailed * (0.01 + 1e-9)));
            }
        }
        assertThat(store.operations("checkout")).containsExactly(
                new OperationInfo("checkout", "BIMODAL", SpanKind.SERVER),
                new OperationInfo("checkout", "LOGNORMAL", SpanKind.SERVER),
                new OperationInfo("checkout", "UNIFORM", SpanKind.SERVER));
        assertThat(store.spanRollups("checkout", "UNIFORM", MINUTE0 + 10, MINUTE0 + 12))
                .extracting(SpanRollup::epochMinute).containsExactly(MINUTE0 + 10, MINUTE0 + 11);
    }

    @Test
    void randomBatchesRollUpToTheExactCountsPerServiceOperationKindAndMinute() throws Exception {
        EmbeddedStore store = open();
        Expected expected = new Expected();
        appendRandom(store, expected, 21, 90);

        assertCountsMatch(store, expected);
        assertThat(store.operations(null)).isNotEmpty();
        assertThat(store.stats().rollups().operations()).isEqualTo(store.operations(null).size());
    }

    @Test
    void readsReturnCopiesTheCallerMayChange() throws Exception {
        EmbeddedStore store = open();
        append(store, ModelFixtures.spanBatch("svc", List.of(
                span(new TraceId(1, 1), 1, 0, SpanKind.SERVER, "op", T0, 5 * MS, false, List.of()))));
        awaitIndexed(store);

        store.spanRollups("svc", "op", ALL_FROM, ALL_TO).get(0).ok().accept(1);
        assertThat(store.spanRollups("svc", "op", ALL_FROM, ALL_TO).get(0).ok().count()).isEqualTo(1);
    }

    // ------------------------------------------------------------------------------------------ exactly once

    @Test
    void aCleanRestartCountsNothingTwice() throws Exception {
        Expected expected = new Expected();
        EmbeddedStore store = open();
        appendRandom(store, expected, 31, 45);
        Map<String, Long> edges = edgeCalls(store);
        store.close();

        EmbeddedStore again = open();
        assertCountsMatch(again, expected);
        assertThat(edgeCalls(again)).isEqualTo(edges);
        assertThat(again.stats().rollups().skippedRecords()).isZero();
        appendRandom(again, expected, 32, 45);
        assertCountsMatch(again, expected);
    }

    @Test
    void afterAnUncleanStopTheIndexIsRebuiltFromTheLogButTheRollupsSkipWhatTheyHold() throws Exception {
        Expected expected = new Expected();
        EmbeddedStore store = open();
        List<TelemetryBatch> batches = appendRandom(store, expected, 41, 60);
        Map<String, Long> edges = edgeCalls(store);
        store.close();
        Files.delete(dir.resolve("index").resolve("clean-shutdown"));

        EmbeddedStore again = open();
        assertThat(again.stats().of(Signal.TRACES).replayedRecords()).isEqualTo(20);
        assertThat(again.stats().rollups().skippedRecords()).isEqualTo(20);
        assertCountsMatch(again, expected);
        assertThat(edgeCalls(again)).isEqualTo(edges);
        assertThat(batches).hasSize(60);
    }

    @Test
    void aCopyTakenWhileTheStoreIsOpenRecoversExactCounts() throws Exception {
        Expected expected = new Expected();
        Path live = dir.resolve("live");
        EmbeddedStore store = open(live);
        for (TelemetryBatch b : EmbeddedStoreTest.randomBatches(51, 60)) {
            append(store, b);
            expected.add(b);
        }
        // Acknowledged, perhaps not rolled up yet: like a kill -9 now. Whatever state the copied rollup database
        // is in (older, or unusable and recreated), the log fills in exactly what it lacks.
        Path copy = dir.resolve("copy");
        EmbeddedStoreTest.copyTree(live, copy);

        EmbeddedStore recovered = open(copy);
        assertCountsMatch(recovered, expected);
    }

    @Test
    void aLostRollupDatabaseIsRefilledFromWhatTheLogStillHolds() throws Exception {
        Expected expected = new Expected();
        EmbeddedStore store = open();
        appendRandom(store, expected, 61, 30);
        Map<String, Long> edges = edgeCalls(store);
        store.close();
        try (Stream<Path> files = Files.list(dir.resolve("rollup"))) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }

        EmbeddedStore again = open();
        assertThat(again.stats().of(Signal.TRACES).replayedRecords())
                .as("the index is intact and not replayed").isZero();
        assertCountsMatch(again, expected);
        assertThat(edgeCalls(again)).isEqualTo(edges);
    }

    @Test
    void aDamagedRollupDatabaseIsMovedAsideAndRecreated() throws Exception {
        Expected expected = new Expected();
        EmbeddedStore store = open();
        appendRandom(store, expected, 71, 30);
        store.close();
        byte[] garbage = new byte[64 * 1024];
        new Random(7).nextBytes(garbage);
        Files.write(dir.resolve("rollup").resolve("rollup.mv.db"), garbage);

        EmbeddedStore again = open();
        assertThat(again.stats().rollups().recreated()).isTrue();
        assertThat(dir.resolve("rollup").resolve("rollup.damaged.mv.db")).exists();
        assertCountsMatch(again, expected);
    }

    // ------------------------------------------------------------------------------------------ service graph

    static final TraceId T1 = new TraceId(0xabc, 1);
    static final TraceId T2 = new TraceId(0xabc, 2);
    static final TraceId T3 = new TraceId(0xabc, 3);

    @Test
    void aCallIsAnEdgeWhicheverSideArrivesFirstWithTheCallersLatencyAndError() throws Exception {
        EmbeddedStore store = open();
        append(store, ModelFixtures.spanBatch("checkout", List.of(
                span(T1, 0x20, 0x10, SpanKind.SERVER, "POST /checkout", T0 + 2 * MS, 15 * MS, true, List.of()))));
        awaitIndexed(store);
        assertThat(store.edgeRollups(ALL_FROM, ALL_TO)).isEmpty();
        append(store, ModelFixtures.spanBatch("frontend", List.of(
                span(T1, 0x1, 0, SpanKind.SERVER, "GET /", T0, 30 * MS, false, List.of()),
                span(T1, 0x10, 0x1, SpanKind.CLIENT, "POST", T0 + MS, 20 * MS, false,
                        List.of(Attribute.of("server.address", "checkout.internal"))))));
        awaitIndexed(store);

        List<EdgeRollup> edges = store.edgeRollups(MINUTE0, MINUTE0 + 1);
        assertThat(edges).hasSize(1);
        EdgeRollup e = edges.get(0);
        assertThat(e.caller()).isEqualTo("frontend");
        assertThat(e.callee()).isEqualTo("checkout");
        assertThat(e.virtualCallee()).isFalse();
        assertThat(e.epochMinute()).isEqualTo(MINUTE0);
        assertThat(e.calls()).isEqualTo(1);
        assertThat(e.errors()).as("the client span did not fail").isZero();
        assertThat(e.latency().quantileNanos(0.5)).isCloseTo(20.0 * MS, within(0.2 * MS));

        // Paired, so no virtual edge to the host it named once it expires.
        clock.advance(Duration.ofSeconds(11));
        append(store, ModelFixtures.spanBatch("other", List.of(
                span(T3, 0x99, 0, SpanKind.SERVER, "tick", T0, MS, false, List.of()))));
        awaitIndexed(store);
        assertThat(edgeCalls(store)).containsExactly(Map.entry("frontend->checkout", 1L));
    }

    @Test
    void aClientSpanWithoutAServerSideIsAnEdgeToTheVirtualPeerItNamesOnceItHasWaited() throws Exception {
        EmbeddedStore store = open();
        append(store, ModelFixtures.spanBatch("checkout", List.of(
                span(T2, 0x30, 0x2, SpanKind.CLIENT, "SELECT orders", T0, 4 * MS, true,
                        List.of(Attribute.of("db.system", "postgresql"), Attribute.of("db.namespace", "orders"),
                                Attribute.of("server.address", "10.0.0.7"))),
                span(T2, 0x31, 0x2, SpanKind.CLIENT, "GET", T0, 4 * MS, false, List.of()),
                span(T3, 0x40, 0x4, SpanKind.CLIENT, "GET", T0, 9 * MS, false,
                        List.of(Attribute.of("server.address", "frontend.local"))))));
        append(store, ModelFixtures.spanBatch("checkout", List.of(
                span(T3, 0x41, 0x40, SpanKind.SERVER, "GET /self", T0, 8 * MS, false, List.of()))));
        awaitIndexed(store);
        assertThat(store.edgeRollups(ALL_FROM, ALL_TO)).as("still waiting for a server side").isEmpty();

        clock.advance(Duration.ofSeconds(11));
        append(store, ModelFixtures.spanBatch("other", List.of(
                span(T3, 0x99, 0, SpanKind.SERVER, "tick", T0, MS, false, List.of()))));
        awaitIndexed(store);

        List<EdgeRollup> edges = store.edgeRollups(ALL_FROM, ALL_TO);
        assertThat(edges).as("no edge within one service; none for a client naming no peer").hasSize(1);
        EdgeRollup db = edges.get(0);
        assertThat(db.caller()).isEqualTo("checkout");
        assertThat(db.callee()).isEqualTo("postgresql/orders");
        assertThat(db.virtualCallee()).isTrue();
        assertThat(db.calls()).isEqualTo(1);
        assertThat(db.errors()).isEqualTo(1);
    }

    @Test
    void aWaitingClientSpanBecomesAVirtualEdgeByTheClockWhenNoLaterSpanArrives() throws Exception {
        EmbeddedStore store = open();
        append(store, ModelFixtures.spanBatch("checkout", List.of(
                span(T2, 0x30, 0x2, SpanKind.CLIENT, "SELECT orders", T0, 4 * MS, false,
                        List.of(Attribute.of("db.system", "postgresql"))))));
        awaitIndexed(store);
        assertThat(store.edgeRollups(ALL_FROM, ALL_TO)).as("still waiting for a server side").isEmpty();

        clock.advance(Duration.ofSeconds(11));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (store.edgeRollups(ALL_FROM, ALL_TO).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(store.edgeRollups(ALL_FROM, ALL_TO)).extracting(EdgeRollup::callee, EdgeRollup::calls)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("postgresql", 1L));
    }

    /** Sums per (service, operation, kind) of requests, errors and latency counts, whatever the row granularity. */
    static Map<String, List<Long>> sums(List<SpanRollup> rows) {
        Map<String, List<Long>> out = new java.util.TreeMap<>();
        for (SpanRollup r : rows) {
            out.merge(r.service() + "/" + r.operation() + "/" + r.kind(),
                    List.of(r.requests(), r.errors(), r.ok().count(), r.failed().count()),
                    (a, b) -> List.of(a.get(0) + b.get(0), a.get(1) + b.get(1), a.get(2) + b.get(2),
                            a.get(3) + b.get(3)));
        }
        return out;
    }

    @Test
    void wholeHoursMergedForLongRangesAddUpLikeTheMinutesAndFollowLaterWrites() throws Exception {
        EmbeddedStore store = open();
        clock.advance(Duration.ofHours(6)); // the spans below are then in the past, where rollups take them
        long minute = 60_000 * MS;
        long t0Minute = T0 / minute;
        List<dev.sightline.store.model.Span> spans = new ArrayList<>();
        for (int i = 0; i < 300; i++) { // one span every minute for five hours, every seventh failing
            spans.add(span(new TraceId(9, i + 1), 1, 0, SpanKind.SERVER, i % 2 == 0 ? "GET /a" : "GET /b",
                    T0 + i * minute, (5 + i % 40) * MS, i % 7 == 0, List.of()));
        }
        append(store, ModelFixtures.spanBatch("hours", spans));
        awaitIndexed(store);
        long from = t0Minute + 17; // mid-hour on both ends
        long to = t0Minute + 263;
        List<SpanRollup> byHour = store.spanRollupsByHour("hours", null, from, to);
        assertThat(sums(byHour)).isEqualTo(sums(store.spanRollups("hours", null, from, to)));
        assertThat(byHour.size()).as("whole hours merged").isLessThan(store.spanRollups("hours", null, from, to)
                .size());
        assertThat(store.spanRollupsByHour("hours", "GET /b", from, to)).allMatch(r -> r.operation().equals("GET /b"));

        // a late span in a merged hour is seen by the next read
        append(store, ModelFixtures.spanBatch("hours", List.of(span(new TraceId(9, 1000), 1, 0, SpanKind.SERVER,
                "GET /a", T0 + 130 * minute, 7 * MS, true, List.of()))));
        awaitIndexed(store);
        List<SpanRollup> after = store.spanRollupsByHour("hours", null, from, to);
        assertThat(sums(after)).isEqualTo(sums(store.spanRollups("hours", null, from, to)));
        assertThat(sums(after).get("hours/GET /a/SERVER").get(0)).isEqualTo(
                sums(byHour).get("hours/GET /a/SERVER").get(0) + 1);
    }

    // ------------------------------------------------------------------------------------ retention and caps

    @Test
    void retentionDeletesRollupsOfMinutesOlderThanTheRollupRetentionByTheClock() throws Exception {
        EmbeddedStore store = open(config(dir).withRollupRetention(Duration.ofDays(2)), RollupOptions.defaults());
        long dayAgo = T0 - Duration.ofDays(1).toNanos();
        append(store, ModelFixtures.spanBatch("svc", List.of(
                span(T1, 1, 0, SpanKind.SERVER, "old", dayAgo, MS, false, List.of()),
                span(T1, 2, 0, SpanKind.SERVER, "both", dayAgo, MS, false, List.of()),
                span(T1, 3, 0, SpanKind.SERVER, "both", T0, MS, false, List.of()),
                span(T1, 4, 3, SpanKind.CLIENT, "call", dayAgo, MS, false,
                        List.of(Attribute.of("peer.service", "ledger"))),
                span(T1, 5, 4, SpanKind.SERVER, "in", dayAgo, MS, false, List.of()))));
        append(store, ModelFixtures.spanBatch("ledger", List.of(
                span(T1, 6, 4, SpanKind.SERVER, "in", dayAgo, MS, false, List.of()))));
        awaitIndexed(store);
        assertThat(store.spanRollups("svc", null, ALL_FROM, ALL_TO)).hasSize(5);
        assertThat(edgeCalls(store)).containsEntry("svc->ledger", 1L);

        store.runRetention();
        assertThat(store.spanRollups(null, null, ALL_FROM, ALL_TO)).as("nothing is 2 days old yet").hasSize(6);

        clock.advance(Duration.ofDays(1).plusMinutes(2));
        store.runRetention();

        assertThat(store.spanRollups(null, null, ALL_FROM, ALL_TO)).singleElement()
                .satisfies(r -> assertThat(r.epochMinute()).isEqualTo(MINUTE0));
        assertThat(store.operations(null)).containsExactly(new OperationInfo("svc", "both", SpanKind.SERVER));
        assertThat(store.edgeRollups(ALL_FROM, ALL_TO)).isEmpty();
        assertThat(store.stats().rollups().edges()).isZero();

        clock.advance(Duration.ofDays(1));
        store.runRetention();
        assertThat(store.spanRollups(null, null, ALL_FROM, ALL_TO)).isEmpty();
        assertThat(store.operations(null)).isEmpty();
    }

    @Test
    void spansOlderThanTheRollupRetentionOrFromTooFarInTheFutureAreNotRolledUpButCounted() throws Exception {
        EmbeddedStore store = open();
        append(store, ModelFixtures.spanBatch("svc", List.of(
                span(T1, 1, 0, SpanKind.SERVER, "op", T0 - Duration.ofDays(36).toNanos(), MS, false, List.of()),
                span(T1, 2, 0, SpanKind.SERVER, "op", T0 + Duration.ofHours(2).toNanos(), MS, false, List.of()),
                span(T1, 3, 0, SpanKind.SERVER, "op", T0 + Duration.ofMinutes(30).toNanos(), MS, false, List.of()),
                span(T1, 4, 0, SpanKind.SERVER, "op", T0 - Duration.ofDays(34).toNanos(), MS, false, List.of()))));
        awaitIndexed(store);

        assertThat(store.spanRollups("svc", "op", ALL_FROM, ALL_TO)).hasSize(2);
        assertThat(store.stats().rollups().outOfRangeSpans()).isEqualTo(2);
    }

    @Test
    void pastTheOperationCapNewNamesOfAServiceFoldIntoOtherAndAreCounted() throws Exception {
        RollupOptions options = RollupOptions.defaults().withMaxOperationsPerService(5).withMaxCalleesPerCaller(2);
        EmbeddedStore store = open(config(dir), options);
        List<Span> hostile = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            for (int j = 0; j < 3; j++) {
                hostile.add(span(new TraceId(9, i + 1), 10L * i + j + 1, 0, SpanKind.SERVER, "GET /user/" + i,
                        T0, MS, j == 0, List.of()));
            }
        }
        append(store, ModelFixtures.spanBatch("hostile", hostile));
        append(store, ModelFixtures.spanBatch("calm", List.of(
                span(T1, 1, 0, SpanKind.SERVER, "a", T0, MS, false, List.of()),
                span(T1, 2, 0, SpanKind.SERVER, "b", T0, MS, false, List.of()))));
        List<Span> clients = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            clients.add(span(T2, 100 + i, 0, SpanKind.CLIENT, "GET", T0, MS, false,
                    List.of(Attribute.of("server.address", "host-" + i))));
        }
        append(store, ModelFixtures.spanBatch("calm", clients));
        awaitIndexed(store);
        clock.advance(Duration.ofSeconds(11));
        append(store, ModelFixtures.spanBatch("calm", List.of(
                span(T3, 1, 0, SpanKind.SERVER, "a", T0, MS, false, List.of()))));
        awaitIndexed(store);

        List<OperationInfo> ops = store.operations("hostile");
        assertThat(ops).hasSize(6).contains(new OperationInfo("hostile", RollupOptions.OTHER, SpanKind.SERVER));
        SpanRollup other = store.spanRollups("hostile", RollupOptions.OTHER, ALL_FROM, ALL_TO).get(0);
        assertThat(other.requests()).isEqualTo(45);
        assertThat(other.errors()).isEqualTo(15);
        assertThat(store.spanRollups("hostile", null, ALL_FROM, ALL_TO).stream().mapToLong(SpanRollup::requests)
                .sum()).isEqualTo(60);
        assertThat(store.operations("calm")).hasSize(3); // a, b and GET (client)
        assertThat(store.stats().rollups().foldedSpans()).isEqualTo(45);

        assertThat(edgeCalls(store)).containsExactly(Map.entry("calm-><other> (virtual)", 3L),
                Map.entry("calm->host-0 (virtual)", 1L), Map.entry("calm->host-1 (virtual)", 1L));
        assertThat(store.stats().rollups().foldedCalls()).isEqualTo(3);

        // The cap holds across a restart: the names already kept stay, new ones still fold.
        store.close();
        EmbeddedStore again = open(config(dir), options);
        append(again, ModelFixtures.spanBatch("hostile", List.of(
                span(T3, 7, 0, SpanKind.SERVER, "GET /user/999", T0, MS, false, List.of()))));
        awaitIndexed(again);
        assertThat(again.operations("hostile")).hasSize(6);
        assertThat(again.spanRollups("hostile", RollupOptions.OTHER, ALL_FROM, ALL_TO).get(0).requests())
                .isEqualTo(46);
    }
}
