package dev.sightline.store.engine;

import dev.sightline.store.StoreConfig.FsyncPolicy;
import dev.sightline.store.StoreConfig;
import dev.sightline.store.StoreOverloadedException;
import dev.sightline.store.codec.BinaryBatchCodec;
import dev.sightline.store.index.IndexOptions;
import dev.sightline.store.model.Attribute;
import dev.sightline.store.model.InstrumentationScope;
import dev.sightline.store.model.LogBatch;
import dev.sightline.store.model.Metric;
import dev.sightline.store.model.MetricBatch;
import dev.sightline.store.model.MetricData;
import dev.sightline.store.model.NumberValue;
import dev.sightline.store.model.ResourceGroup;
import dev.sightline.store.model.ScopeGroup;
import dev.sightline.store.model.Signal;
import dev.sightline.store.model.SpanBatch;
import dev.sightline.store.model.TelemetryBatch;
import dev.sightline.store.model.TraceId;
import dev.sightline.store.read.MetricSeries;
import dev.sightline.store.read.ServiceInfo;
import dev.sightline.store.testing.ModelFixtures;
import dev.sightline.store.wal.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedStoreTest {

    static final IndexOptions SMALL_INDEX = new IndexOptions(20_000, 20_000, 32, 256);
    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    final MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
    final List<EmbeddedStore> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(EmbeddedStore::close);
    }

    StoreConfig config(Path data) {
        Duration week = Duration.ofDays(7);
        return new StoreConfig(data, 64 * 1024, Duration.ofHours(1), FsyncPolicy.NEVER, Duration.ofSeconds(1),
                64L << 20, 100_000, Map.of(Signal.TRACES, week, Signal.LOGS, week, Signal.METRICS, week), 0,
                Duration.ofHours(1));
    }

    EmbeddedStore open(StoreConfig config) throws Exception {
        EmbeddedStore store = EmbeddedStore.open(config, new BinaryBatchCodec(), clock, SMALL_INDEX);
        opened.add(store);
        assertThat(store.awaitReady(WAIT)).as("ready").isTrue();
        return store;
    }

    EmbeddedStore open() throws Exception {
        return open(config(dir));
    }

    static void append(EmbeddedStore store, Oracle oracle, TelemetryBatch batch) throws Exception {
        store.append(batch).toCompletableFuture().get(30, TimeUnit.SECONDS);
        if (oracle != null) {
            oracle.add(batch);
        }
    }

    static List<TelemetryBatch> randomBatches(long seed, int n) {
        Random rnd = new Random(seed);
        List<TelemetryBatch> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(switch (i % 3) {
                case 0 -> ModelFixtures.spans(rnd, 1 + rnd.nextInt(3), 5 + rnd.nextInt(40));
                case 1 -> ModelFixtures.logs(rnd, 5 + rnd.nextInt(30));
                default -> ModelFixtures.metrics(rnd, 6 + rnd.nextInt(12));
            });
        }
        return out;
    }

    static void assertReadsMatch(EmbeddedStore store, Oracle oracle) {
        assertThat(oracle.traceIds()).isNotEmpty();
        for (TraceId id : oracle.traceIds()) {
            assertThat(store.findTrace(id)).as("trace %s", id)
                    .hasValueSatisfying(t -> assertThat(t.spans()).containsExactlyElementsOf(oracle.trace(id)));
        }
        assertThat(oracle.logTraceIds()).isNotEmpty();
        for (TraceId id : oracle.logTraceIds()) {
            assertThat(store.logsOfTrace(id)).as("logs of %s", id).containsExactlyElementsOf(oracle.logsOf(id));
        }
        assertThat(store.metricNames()).containsExactlyElementsOf(oracle.metricNames());
        for (String name : oracle.metricNames()) {
            Map<Oracle.SeriesKey, List<MetricData.Point>> expected = oracle.series(name, Long.MIN_VALUE, Long.MAX_VALUE);
            assertThat(seriesMap(store.seriesByName(name, Long.MIN_VALUE, Long.MAX_VALUE))).as("series of %s", name)
                    .isEqualTo(expected);
        }
    }

    static Map<Oracle.SeriesKey, List<MetricData.Point>> seriesMap(List<MetricSeries> series) {
        Map<Oracle.SeriesKey, List<MetricData.Point>> out = new HashMap<>();
        for (MetricSeries s : series) {
            List<MetricData.Point> points = new ArrayList<>(s.points());
            assertThat(out.put(new Oracle.SeriesKey(s.resource(), s.scope(), s.attributes()), points))
                    .as("series listed once").isNull();
        }
        return out;
    }

    @Test
    void randomBatchesAreReadBackEqualBeforeAndAfterAReopen() throws Exception {
        Oracle oracle = new Oracle();
        EmbeddedStore store = open();
        for (TelemetryBatch b : randomBatches(1, 60)) {
            append(store, oracle, b);
        }
        assertThat(store.awaitIndexed(WAIT)).isTrue();
        assertReadsMatch(store, oracle);
        StoreStats stats = store.stats();
        assertThat(stats.of(Signal.TRACES).acceptedRecords()).isEqualTo(20);
        assertThat(stats.of(Signal.TRACES).walBytes()).isPositive();
        assertThat(stats.of(Signal.TRACES).indexLagRecords()).isZero();
        store.close();

        EmbeddedStore again = open();
        assertThat(again.stats().hotMapsRebuilt()).isFalse();
        assertThat(again.stats().of(Signal.TRACES).replayedRecords()).isZero();
        assertReadsMatch(again, oracle);
    }

    @Test
    void theSameSpanLogAndPointAppendedTwiceAreReadBackOnceAlsoAcrossARestart() throws Exception {
        Oracle oracle = new Oracle();
        List<TelemetryBatch> batches = randomBatches(2, 9);
        EmbeddedStore store = open();
        for (TelemetryBatch b : batches) {
            append(store, oracle, b);
            append(store, oracle, b);
        }
        assertThat(store.awaitIndexed(WAIT)).isTrue();
        assertReadsMatch(store, oracle);
        store.close();

        EmbeddedStore again = open();
        for (TelemetryBatch b : batches) {
            append(again, oracle, b);
        }
        assertThat(again.awaitIndexed(WAIT)).isTrue();
        assertReadsMatch(again, oracle);
        assertThat(again.stats().of(Signal.TRACES).acceptedRecords()).isEqualTo(3);
    }

    @Test
    void aCopyTakenWhileTheStoreIsOpenHoldsEveryAcknowledgedBatchOnce() throws Exception {
        Oracle oracle = new Oracle();
        Path live = dir.resolve("live");
        EmbeddedStore store = open(config(live));
        for (TelemetryBatch b : randomBatches(3, 30)) {
            append(store, oracle, b);
        }
        // Acknowledged but perhaps not indexed yet: a crash now must lose none of it.
        Path copy = dir.resolve("copy");
        copyTree(live, copy);

        EmbeddedStore recovered = open(config(copy));
        assertThat(recovered.stats().hotMapsRebuilt()).isTrue();
        assertReadsMatch(recovered, oracle);
    }

    @Test
    void withoutTheCleanShutdownMarkerAndTheCheckpointsEverythingIsReplayedAndFoundOnce() throws Exception {
        Oracle oracle = new Oracle();
        EmbeddedStore store = open();
        for (TelemetryBatch b : randomBatches(4, 30)) {
            append(store, oracle, b);
        }
        store.close();
        Files.delete(dir.resolve("index").resolve("clean-shutdown"));
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("index").resolve("sightline")
                .toAbsolutePath(), "sa", ""); Statement st = c.createStatement()) {
            assertThat(st.executeUpdate("DELETE FROM checkpoint")).isEqualTo(3);
        }

        EmbeddedStore again = open();
        StoreStats stats = again.stats();
        assertThat(stats.hotMapsRebuilt()).isTrue();
        assertThat(stats.of(Signal.TRACES).replayedRecords()).isEqualTo(10);
        assertThat(stats.of(Signal.METRICS).replayedRecords()).isEqualTo(10);
        assertReadsMatch(again, oracle);
    }

    @Test
    void aLostH2DatabaseIsRebuiltFromTheLog() throws Exception {
        Oracle oracle = new Oracle();
        EmbeddedStore store = open();
        for (TelemetryBatch b : randomBatches(5, 30)) {
            append(store, oracle, b);
        }
        store.close();
        try (Stream<Path> files = Files.list(dir.resolve("index"))) {
            for (Path p : files.filter(p -> p.getFileName().toString().startsWith("sightline")).toList()) {
                Files.delete(p);
            }
        }

        EmbeddedStore again = open();
        assertThat(again.stats().hotMapsRebuilt()).isTrue();
        assertThat(again.stats().of(Signal.LOGS).replayedRecords()).isEqualTo(10);
        assertReadsMatch(again, oracle);
        assertThat(again.services()).isNotEmpty();
    }

    @Test
    void anH2DatabaseThatCannotBeOpenedIsDiscardedAndRebuiltFromTheLog() throws Exception {
        Oracle oracle = new Oracle();
        EmbeddedStore store = open();
        for (TelemetryBatch b : randomBatches(6, 30)) {
            append(store, oracle, b);
        }
        store.close();
        Path h2File;
        try (Stream<Path> files = Files.list(dir.resolve("index"))) {
            h2File = files.filter(p -> p.getFileName().toString().endsWith(".mv.db")).findFirst().orElseThrow();
        }
        byte[] garbage = new byte[64 * 1024];
        new Random(7).nextBytes(garbage);
        Files.write(h2File, garbage);

        EmbeddedStore again = open();
        assertThat(again.stats().of(Signal.TRACES).replayedRecords()).isEqualTo(10);
        assertReadsMatch(again, oracle);
    }

    @Test
    void servicesListsTheServiceNamesOfEverySignalWithFirstAndLastSeen() throws Exception {
        EmbeddedStore store = open();
        long t0 = clock.millis();
        TraceId trace = TraceId.fromHex("0af7651916cd43dd8448eb211c80319c");
        append(store, null, ModelFixtures.spansOfTrace(trace, "checkout", 3, ModelFixtures.BASE_EPOCH_NANOS));
        clock.advance(Duration.ofMinutes(5));
        append(store, null, new LogBatch(List.of(new ResourceGroup<>(ModelFixtures.resource("checkout"),
                List.of(new ScopeGroup<>(InstrumentationScope.EMPTY, List.of(ModelFixtures.log(trace, null, "hi",
                        ModelFixtures.BASE_EPOCH_NANOS))))))));
        append(store, null, gauge("payments", "queue.depth", List.of(), 1, 2.0));
        assertThat(store.awaitIndexed(WAIT)).isTrue();

        assertThat(store.services()).containsExactly(
                new ServiceInfo("checkout", Set.of(Signal.TRACES, Signal.LOGS), t0, t0 + 300_000),
                new ServiceInfo("payments", Set.of(Signal.METRICS), t0 + 300_000, t0 + 300_000));
    }

    static MetricBatch gauge(String service, String name, List<Attribute> attributes, long epochNanos, double value) {
        MetricData.NumberPoint p = new MetricData.NumberPoint(attributes, 0, epochNanos, new NumberValue.OfDouble(value),
                List.of(), 0);
        Metric m = new Metric(name, "d", "1", List.of(), new MetricData.Gauge(List.of(p)));
        return new MetricBatch(List.of(new ResourceGroup<>(ModelFixtures.resource(service),
                List.of(new ScopeGroup<>(InstrumentationScope.EMPTY, List.of(m))))));
    }

    @Test
    void seriesByNameGroupsPointsIntoSeriesDropsRepeatedTimestampsAndFiltersTime() throws Exception {
        EmbeddedStore store = open();
        List<Attribute> a = List.of(Attribute.of("pool", "a"));
        List<Attribute> b = List.of(Attribute.of("pool", "b"));
        for (int t = 1; t <= 5; t++) {
            append(store, null, gauge("db", "pool.usage", a, t * 1000L, t));
            append(store, null, gauge("db", "pool.usage", b, t * 1000L, 10 + t));
            append(store, null, gauge("db", "pool.usage", a, t * 1000L, 99)); // a retry: same series and time
            append(store, null, gauge("db", "other", a, t * 1000L, t));
        }
        assertThat(store.awaitIndexed(WAIT)).isTrue();

        List<MetricSeries> series = store.seriesByName("pool.usage", 2000, 4000);
        assertThat(series).hasSize(2);
        assertThat(series).allSatisfy(s -> {
            assertThat(s.name()).isEqualTo("pool.usage");
            assertThat(s.type()).isEqualTo("Gauge");
            assertThat(s.resource()).isEqualTo(ModelFixtures.resource("db"));
        });
        MetricSeries sa = series.stream().filter(s -> s.attributes().equals(a)).findFirst().orElseThrow();
        MetricSeries sb = series.stream().filter(s -> s.attributes().equals(b)).findFirst().orElseThrow();
        assertThat(sa.points()).extracting(MetricData.Point::epochNanos).containsExactly(2000L, 3000L);
        assertThat(sa.points()).extracting(p -> ((MetricData.NumberPoint) p).value().asDouble()).containsExactly(2.0, 3.0);
        assertThat(sb.points()).extracting(p -> ((MetricData.NumberPoint) p).value().asDouble())
                .containsExactly(12.0, 13.0);
        assertThat(store.seriesByName("pool.usage", 6000, 9000)).isEmpty();
        assertThat(store.seriesByName("missing", 0, Long.MAX_VALUE)).isEmpty();
        assertThat(store.metricNames()).containsExactly("other", "pool.usage");
    }

    @Test
    void readsRunConcurrentlyWithAppendersAndSeeEveryAcknowledgedTraceOnceIndexed() throws Exception {
        EmbeddedStore store = open();
        int threads = 4;
        int perThread = 25;
        ConcurrentLinkedQueue<TraceId> acknowledged = new ConcurrentLinkedQueue<>();
        AtomicReference<Throwable> readerFailure = new AtomicReference<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread reader = new Thread(() -> {
            try {
                while (writing.get()) {
                    for (TraceId id : acknowledged) {
                        store.findTrace(id).ifPresent(t -> assertThat(t.spans()).hasSizeLessThanOrEqualTo(6));
                    }
                }
            } catch (Throwable t) {
                readerFailure.set(t);
            }
        });
        reader.start();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = t * perThread;
            done.add(pool.submit(() -> {
                for (int i = 0; i < perThread; i++) {
                    TraceId id = new TraceId(77, base + i + 1);
                    append(store, null, ModelFixtures.spansOfTrace(id, "svc", 6, ModelFixtures.BASE_EPOCH_NANOS));
                    acknowledged.add(id);
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(store.awaitIndexed(WAIT)).isTrue();
        writing.set(false);
        reader.join();
        assertThat(readerFailure.get()).isNull();
        assertThat(acknowledged).hasSize(threads * perThread);
        for (TraceId id : acknowledged) {
            assertThat(store.findTrace(id).orElseThrow().spans()).hasSize(6);
        }
    }

    @Test
    void anUnknownTraceIsEmptyAndAnEmptyBatchIsAcknowledgedWithoutWriting() throws Exception {
        EmbeddedStore store = open();
        assertThat(store.findTrace(TraceId.fromHex("00000000000000000000000000000001"))).isEmpty();
        assertThat(store.logsOfTrace(TraceId.fromHex("00000000000000000000000000000001"))).isEmpty();
        store.append(new SpanBatch(List.of())).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(store.stats().of(Signal.TRACES).walBytes()).isZero();
    }

    @Test
    void anIndexLagLimitOfZeroRefusesEveryAppendAndCountsIt() throws Exception {
        Duration week = Duration.ofDays(7);
        StoreConfig c = new StoreConfig(dir, 64 * 1024, Duration.ofHours(1), FsyncPolicy.NEVER, Duration.ofSeconds(1),
                64L << 20, 0, Map.of(Signal.TRACES, week, Signal.LOGS, week, Signal.METRICS, week), 0,
                Duration.ofHours(1));
        EmbeddedStore store = open(c);
        assertThatThrownBy(() -> store.append(ModelFixtures.spans(new Random(1), 1, 3)))
                .isInstanceOf(StoreOverloadedException.class);
        assertThat(store.stats().of(Signal.TRACES).rejectedRecords()).isEqualTo(1);
        assertThat(store.stats().of(Signal.TRACES).walBytes()).isZero();
    }

    @Test
    void appendingToAClosedStoreIsAnErrorAndItIsNoLongerReady() throws Exception {
        EmbeddedStore store = open();
        store.close();
        assertThat(store.isReady()).isFalse();
        assertThatThrownBy(() -> store.append(ModelFixtures.spans(new Random(1), 1, 3)))
                .isInstanceOf(IllegalStateException.class);
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
