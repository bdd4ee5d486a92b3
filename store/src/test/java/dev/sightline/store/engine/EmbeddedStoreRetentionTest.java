package dev.sightline.store.engine;

import dev.sightline.store.StoreConfig.FsyncPolicy;
import dev.sightline.store.StoreConfig;
import dev.sightline.store.codec.BinaryBatchCodec;
import dev.sightline.store.model.Attribute;
import dev.sightline.store.model.InstrumentationScope;
import dev.sightline.store.model.LogBatch;
import dev.sightline.store.model.ResourceGroup;
import dev.sightline.store.model.ScopeGroup;
import dev.sightline.store.model.Signal;
import dev.sightline.store.model.TraceId;
import dev.sightline.store.read.ServiceInfo;
import dev.sightline.store.retention.RetentionReport;
import dev.sightline.store.testing.ModelFixtures;
import dev.sightline.store.wal.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedStoreRetentionTest {

    @TempDir
    Path dir;

    final MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
    EmbeddedStore store;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    EmbeddedStore open(long budget) throws Exception {
        StoreConfig config = new StoreConfig(dir, 4096, Duration.ofHours(1), FsyncPolicy.NEVER, Duration.ofSeconds(1),
                64L << 20, 100_000, Map.of(Signal.TRACES, Duration.ofDays(7), Signal.LOGS, Duration.ofDays(7),
                Signal.METRICS, Duration.ofDays(2)), budget, Duration.ofDays(1));
        store = EmbeddedStore.open(config, new BinaryBatchCodec(), clock, EmbeddedStoreTest.SMALL_INDEX);
        assertThat(store.awaitReady(EmbeddedStoreTest.WAIT)).isTrue();
        return store;
    }

    static TraceId trace(int i) {
        return new TraceId(0x1234, i + 1);
    }

    /** Trace i: 20 spans of service "svc-i", a log in it, and a gauge point named "metric-i". */
    void write(int i) throws Exception {
        store.append(ModelFixtures.spansOfTrace(trace(i), "svc-" + i, 20, ModelFixtures.BASE_EPOCH_NANOS))
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
        store.append(new LogBatch(List.of(new ResourceGroup<>(
                ModelFixtures.resource("svc-" + i), List.of(new ScopeGroup<>(
                        InstrumentationScope.EMPTY,
                        List.of(ModelFixtures.log(trace(i), null, "log " + i, ModelFixtures.BASE_EPOCH_NANOS))))))))
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
        store.append(EmbeddedStoreTest.gauge("svc-" + i, "metric-" + i, List.of(Attribute.of("k", "v")), 1000, i))
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void dataOlderThanItsSignalsRetentionIsGoneFromEveryReadAndTheNewerDataStays() throws Exception {
        open(0);
        for (int i = 0; i < 10; i++) {
            write(i);
        }
        clock.advance(Duration.ofDays(3));
        for (int i = 10; i < 20; i++) {
            write(i);
        }
        assertThat(store.awaitIndexed(EmbeddedStoreTest.WAIT)).isTrue();

        // Metrics keep 2 days, traces and logs 7: only old metrics go.
        RetentionReport first = store.runRetention();
        assertThat(first.segmentsByAge()).containsOnlyKeys(Signal.METRICS);
        assertThat(store.metricNames()).noneMatch(n -> List.of("metric-0", "metric-9").contains(n))
                .contains("metric-10", "metric-19");
        assertThat(store.findTrace(trace(0))).isPresent();

        clock.advance(Duration.ofDays(5)); // the first ten are now 8 days old, the others 5
        RetentionReport second = store.runRetention();
        assertThat(second.segmentsByAge()).containsKeys(Signal.TRACES, Signal.LOGS);

        List<Integer> gone = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            if (store.findTrace(trace(i)).isEmpty()) {
                gone.add(i);
                assertThat(store.logsOfTrace(trace(i))).isEmpty();
                assertThat(store.traceSummary(trace(i))).isEmpty();
            }
        }
        assertThat(gone).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        for (int i = 10; i < 20; i++) {
            assertThat(store.findTrace(trace(i)).orElseThrow().spans()).hasSize(20);
            assertThat(store.logsOfTrace(trace(i))).hasSize(1);
        }
        assertThat(store.services()).extracting(ServiceInfo::name).doesNotContain("svc-0", "svc-9")
                .contains("svc-10", "svc-19");
        assertThat(store.services()).filteredOn(s -> s.name().equals("svc-19")).singleElement()
                .satisfies(s -> assertThat(s.signals()).isEqualTo(Set.of(Signal.TRACES, Signal.LOGS)));
        // The newer metrics are 5 days old by now, past the 2 days metrics keep: the idle log was sealed and dropped.
        assertThat(second.segmentsByAge()).containsKey(Signal.METRICS);
        assertThat(store.metricNames()).isEmpty();
        assertThat(store.seriesByName("metric-19", 0, Long.MAX_VALUE)).isEmpty();
        StoreStats stats = store.stats();
        assertThat(stats.of(Signal.TRACES).retentionDeletedSegments())
                .isEqualTo(second.segmentsByAge().get(Signal.TRACES).longValue());
        assertThat(stats.of(Signal.TRACES).retentionDeletedBytes()).isPositive();

        // What retention deleted stays deleted across a restart (no replay brings it back).
        store.close();
        open(0);
        assertThat(store.findTrace(trace(0))).isEmpty();
        assertThat(store.findTrace(trace(15))).isPresent();
    }

    @Test
    void overTheDiskBudgetTheOldestDataGoesFirst() throws Exception {
        open(0);
        for (int i = 0; i < 30; i++) {
            write(i);
            clock.advance(Duration.ofMinutes(1));
        }
        long total = 0;
        for (Signal s : Signal.values()) {
            total += store.stats().of(s).walBytes();
        }
        store.close();

        long budget = total / 2;
        open(budget);
        RetentionReport report = store.runRetention();
        assertThat(report.segmentsByBudget()).isNotEmpty();
        long after = 0;
        for (Signal s : Signal.values()) {
            after += store.stats().of(s).walBytes();
        }
        assertThat(after).isLessThanOrEqualTo(budget);
        assertThat(store.findTrace(trace(0))).isEmpty();
        assertThat(store.findTrace(trace(29))).isPresent();
        assertThat(store.metricNames()).doesNotContain("metric-0").contains("metric-29");
    }
}
