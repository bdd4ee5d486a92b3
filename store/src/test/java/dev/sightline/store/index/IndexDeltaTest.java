package dev.sightline.store.index;

import dev.sightline.store.model.AnyValue;
import dev.sightline.store.model.Attribute;
import dev.sightline.store.model.InstrumentationScope;
import dev.sightline.store.model.LogBatch;
import dev.sightline.store.model.Metric;
import dev.sightline.store.model.MetricBatch;
import dev.sightline.store.model.MetricData;
import dev.sightline.store.model.NumberValue;
import dev.sightline.store.model.Resource;
import dev.sightline.store.model.ResourceGroup;
import dev.sightline.store.model.ScopeGroup;
import dev.sightline.store.model.Signal;
import dev.sightline.store.model.SpanBatch;
import dev.sightline.store.model.TraceId;
import dev.sightline.store.testing.ModelFixtures;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class IndexDeltaTest {

    static final TraceId T1 = TraceId.fromHex("4bf92f3577b34da6a3ce929d0e0e4736");
    static final TraceId T2 = TraceId.fromHex("0af7651916cd43dd8448eb211c80319c");

    @Test
    void aSpanBatchYieldsOneEntryPerTraceWithItsTimeRangeAndSpanCount() {
        SpanBatch a = ModelFixtures.spansOfTrace(T1, "cart", 4, 1_000_000);
        SpanBatch b = ModelFixtures.spansOfTrace(T2, "pay", 2, 5_000_000);
        SpanBatch both = new SpanBatch(List.of(a.resources().get(0), b.resources().get(0)));

        IndexDelta d = IndexDelta.of(both);

        assertThat(d.signal()).isEqualTo(Signal.TRACES);
        assertThat(d.items()).isEqualTo(6);
        assertThat(d.services()).containsExactly("cart", "pay");
        assertThat(d.traces()).hasSize(2);
        IndexDelta.TraceRef t1 = d.traces().stream().filter(t -> t.traceId().equals(T1)).findFirst().orElseThrow();
        assertThat(t1.items()).isEqualTo(4);
        assertThat(t1.minNanos()).isEqualTo(1_000_000);
        assertThat(t1.maxNanos()).isEqualTo(1_000_000 + 5 * 1_000_000L);
        assertThat(d.minNanos()).isEqualTo(1_000_000);
    }

    @Test
    void logRecordsWithoutATraceIdAreCountedButNotReferenced() {
        LogBatch batch = new LogBatch(List.of(new ResourceGroup<>(ModelFixtures.resource("cart"), List.of(
                new ScopeGroup<>(InstrumentationScope.EMPTY, List.of(
                        ModelFixtures.log(T1, null, "a", 10), ModelFixtures.log(null, null, "b", 20),
                        ModelFixtures.log(T1, null, "c", 30)))))));
        IndexDelta d = IndexDelta.of(batch);
        assertThat(d.items()).isEqualTo(3);
        assertThat(d.traces()).singleElement().satisfies(t -> {
            assertThat(t.traceId()).isEqualTo(T1);
            assertThat(t.items()).isEqualTo(2);
            assertThat(t.minNanos()).isEqualTo(10);
            assertThat(t.maxNanos()).isEqualTo(30);
        });
        assertThat(d.minNanos()).isEqualTo(10);
        assertThat(d.maxNanos()).isEqualTo(30);
    }

    static MetricData.NumberPoint point(List<Attribute> attributes, long t) {
        return new MetricData.NumberPoint(attributes, 0, t, new NumberValue.OfLong(1), List.of(), 0);
    }

    static MetricBatch gauges(String name, List<MetricData.NumberPoint> points) {
        return new MetricBatch(List.of(new ResourceGroup<>(ModelFixtures.resource("db"), List.of(new ScopeGroup<>(
                InstrumentationScope.EMPTY, List.of(new Metric(name, "", "", List.of(), new MetricData.Gauge(points))))))));
    }

    @Test
    void aMetricBatchYieldsNamesWithTheirTimeRangesAndEachSeriesOnce() {
        List<Attribute> ab = List.of(Attribute.of("a", "1"), Attribute.of("b", "2"));
        List<Attribute> ba = List.of(Attribute.of("b", "2"), Attribute.of("a", "1"));
        IndexDelta d = IndexDelta.of(gauges("pool", List.of(point(ab, 10), point(ab, 20), point(ba, 30))));

        assertThat(d.metrics()).containsExactly(new IndexDelta.MetricRef("pool", 10, 30, 3));
        assertThat(d.series()).hasSize(2).allSatisfy(s -> assertThat(s.metricName()).isEqualTo("pool"));
        assertThat(d.items()).isEqualTo(3);
    }

    @Test
    void seriesHashesAreEqualForEqualValuesBuiltApartAndDifferForAnyDifference() {
        List<IndexDelta.SeriesRef> hashes = new ArrayList<>();
        List<List<Attribute>> variants = List.of(
                List.of(Attribute.of("k", "v")),
                List.of(Attribute.of("k", "w")),
                List.of(new Attribute("k", AnyValue.of(0.0))),
                List.of(new Attribute("k", AnyValue.of(-0.0))),
                List.of(new Attribute("k", AnyValue.of(1L))),
                List.of(new Attribute("k", new AnyValue.BytesValue(new byte[] {1}))),
                List.of(new Attribute("k", new AnyValue.ArrayValue(List.of(AnyValue.of("v"))))),
                List.of(new Attribute("k", AnyValue.Empty.INSTANCE)),
                List.of());
        for (List<Attribute> v : variants) {
            hashes.add(IndexDelta.of(gauges("m", List.of(point(v, 1)))).series().get(0));
        }
        assertThat(hashes).doesNotHaveDuplicates();
        assertThat(IndexDelta.of(gauges("m", List.of(point(List.of(Attribute.of("k", "v")), 99)))).series())
                .containsExactly(hashes.get(0));
        assertThat(IndexDelta.of(gauges("n", List.of(point(List.of(Attribute.of("k", "v")), 1)))).series().get(0))
                .isNotEqualTo(hashes.get(0));
    }

    @Test
    void theSeriesHashIsFixedAcrossReleasesBecauseItIsPersisted() {
        // If this changes, series keys already in a store's H2 and Chronicle Map no longer match new points.
        MetricBatch batch = new MetricBatch(List.of(new ResourceGroup<>(
                new Resource(List.of(Attribute.of("service.name", "db")), 0, ""),
                List.of(new ScopeGroup<>(new InstrumentationScope("lib", "1.0", List.of(), 0, ""),
                        List.of(new Metric("m", "", "", List.of(), new MetricData.Gauge(List.of(
                                point(List.of(Attribute.of("k", "v"), new Attribute("n", AnyValue.of(2.5))), 1))))))))));
        IndexDelta.SeriesRef s = IndexDelta.of(batch).series().get(0);
        assertThat(new long[] {s.high(), s.low()}).containsExactly(GOLDEN_HIGH, GOLDEN_LOW);
    }

    static final long GOLDEN_HIGH = 9131970138178714572L;
    static final long GOLDEN_LOW = -1954985036443404126L;

    @Test
    void theTraceBlobRoundTrips() {
        IndexDelta d = IndexDelta.of(ModelFixtures.spans(new Random(7), 3, 50));
        assertThat(IndexDelta.decodeTraces(d.encodeTraces())).containsExactlyElementsOf(d.traces());
        assertThat(IndexDelta.of(gauges("m", List.of())).encodeTraces()).isNull();
    }
}
