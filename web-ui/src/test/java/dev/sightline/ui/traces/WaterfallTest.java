package dev.sightline.ui.traces;

import dev.sightline.query.traces.analysis.TraceAnalysis;
import dev.sightline.store.model.InstrumentationScope;
import dev.sightline.store.model.Scoped;
import dev.sightline.store.model.Span;
import dev.sightline.store.model.SpanKind;
import dev.sightline.store.model.TraceId;
import dev.sightline.store.testing.ModelFixtures;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class WaterfallTest {
    private static final long T0 = ModelFixtures.BASE_EPOCH_NANOS;
    private static final long MS = 1_000_000L;
    private static final TraceId TRACE = new TraceId(1, 2);

    private final List<Scoped<Span>> spans = new ArrayList<>();

    private void span(String service, long id, long parent, SpanKind kind, String name, long startMs, long endMs) {
        spans.add(new Scoped<>(ModelFixtures.resource(service), InstrumentationScope.EMPTY,
                ModelFixtures.span(TRACE, id, parent, kind, name, T0 + startMs * MS, (endMs - startMs) * MS, false,
                        List.of())));
    }

    private Waterfall layout(UsualLatency usual) {
        return Waterfall.of(spans, TraceAnalysis.of(spans), usual);
    }

    /**
     * root [0, 400] waits for B [50, 390], which waits for C [60, 380]; A [0, 360] runs beside B and ends first, so
     * it is off the critical path although it has the largest self time of all.
     */
    private void parallelTrace() {
        span("web", 1, 0, SpanKind.SERVER, "GET /", 0, 400);
        span("web", 2, 1, SpanKind.INTERNAL, "A", 0, 360);
        span("api", 3, 1, SpanKind.CLIENT, "B", 50, 390);
        span("db", 4, 3, SpanKind.CLIENT, "C", 60, 380);
    }

    @Test
    void barsArePlacedByStartAndDurationOnTheTraceAxis() {
        span("web", 1, 0, SpanKind.SERVER, "root", 0, 100);
        span("web", 2, 1, SpanKind.INTERNAL, "child", 25, 75);

        Waterfall w = layout(UsualLatency.none());

        assertThat(w.durationNanos()).isEqualTo(100 * MS);
        WaterfallRow child = w.rows().get(1);
        assertThat(child.barX()).isEqualTo(25.0);
        assertThat(child.barWidth()).isEqualTo(50.0);
        assertThat(w.rows().get(0).barX()).isEqualTo(0.0);
        assertThat(w.rows().get(0).barWidth()).isEqualTo(Waterfall.WIDTH);
    }

    @Test
    void aZeroLengthSpanAtTheEndIsAVisibleSliverInsideTheAxis() {
        double[] bar = Waterfall.bar(100 * MS, 0, 100 * MS);
        assertThat(bar[0] + bar[1]).isLessThanOrEqualTo(Waterfall.WIDTH);
        assertThat(bar[1]).isEqualTo(Waterfall.MIN_BAR);
        assertThat(Waterfall.bar(0, 0, 0)).containsExactly(0, Waterfall.WIDTH);
    }

    @Test
    void aSpanStartingBeforeTheTraceIsClippedToTheAxis() {
        double[] bar = Waterfall.bar(-10 * MS, 200 * MS, 100 * MS);
        assertThat(bar[0]).isEqualTo(0.0);
        assertThat(bar[1]).isEqualTo(Waterfall.WIDTH);
    }

    @Test
    void rowsComeParentsFirstWithTheirDepthAndSelfTime() {
        parallelTrace();

        Waterfall w = layout(UsualLatency.none());

        assertThat(w.rows()).extracting(WaterfallRow::name).containsExactly("GET /", "A", "B", "C");
        assertThat(w.rows()).extracting(WaterfallRow::depth).containsExactly(0, 1, 1, 2);
        assertThat(w.rows()).extracting(WaterfallRow::selfNanos)
                .containsExactly(10 * MS, 360 * MS, 20 * MS, 320 * MS);
        assertThat(w.rows().get(3).cssClass()).startsWith("d2 ");
    }

    @Test
    void hereIsTheCriticalPathSpanWithTheLargestSelfTimeNotTheLargestOverall() {
        parallelTrace();

        Waterfall w = layout(UsualLatency.none());

        assertThat(w.rows()).extracting(WaterfallRow::critical).containsExactly(true, false, true, true);
        assertThat(w.here().name()).isEqualTo("C");
        assertThat(w.rows()).filteredOn(WaterfallRow::here).extracting(WaterfallRow::name).containsExactly("C");
        assertThat(w.here().cssClass()).contains("cp").contains("here");
        assertThat(w.rows().get(1).cssClass()).doesNotContain("cp").doesNotContain("here");
    }

    @Test
    void hereTiesGoToTheFirstSpanShown() {
        span("web", 1, 0, SpanKind.SERVER, "root", 0, 100);
        span("web", 2, 1, SpanKind.INTERNAL, "first", 0, 50);
        span("web", 3, 1, SpanKind.INTERNAL, "second", 50, 100);

        assertThat(layout(UsualLatency.none()).here().name()).isEqualTo("first");
    }

    @Test
    void eachSpanIsClassifiedAgainstTheUsualP95OfItsServiceOperationAndKind() {
        parallelTrace();
        UsualLatency usual = UsualLatency.of(Map.of(
                new UsualLatency.Operation("web", "GET /", SpanKind.SERVER), new UsualLatency.Baseline(1000 * MS, 50),
                new UsualLatency.Operation("api", "B", SpanKind.CLIENT), new UsualLatency.Baseline(300 * MS, 50),
                new UsualLatency.Operation("db", "C", SpanKind.CLIENT), new UsualLatency.Baseline(100 * MS, 50),
                // Same name, other kind: not C's baseline.
                new UsualLatency.Operation("db", "C", SpanKind.SERVER), new UsualLatency.Baseline(1000 * MS, 50)));

        Waterfall w = layout(usual);

        assertThat(w.rows()).extracting(WaterfallRow::latency).containsExactly(LatencyClass.WITHIN,
                LatencyClass.NO_BASELINE, LatencyClass.ABOVE, LatencyClass.FAR_ABOVE);
        assertThat(w.rows().get(3).cssClass()).contains("lat-far");
        assertThat(w.rows().get(3).latencyTitle()).isEqualTo("3.2× usual p95 (100 ms, 50 spans/24 h)");
        assertThat(w.rows().get(1).latencyTitle()).startsWith("no usual p95");
    }

    @Test
    void servicesGetColoursInOrderOfFirstAppearance() {
        parallelTrace();

        Waterfall w = layout(UsualLatency.none());

        assertThat(w.services()).extracting(Waterfall.ServiceColour::service).containsExactly("web", "api", "db");
        assertThat(w.rows()).extracting(WaterfallRow::serviceColour).containsExactly(0, 0, 1, 2);
    }

    @Test
    void theTimeAxisIsLabelledFromZeroToTheTraceDuration() {
        List<Waterfall.Tick> ticks = Waterfall.ticks(400 * MS);
        assertThat(ticks).extracting(Waterfall.Tick::label).containsExactly("0", "100 ms", "200 ms",
                "300 ms", "400 ms");
        assertThat(ticks.get(2).x()).isCloseTo(Waterfall.WIDTH / 2, within(0.01));
        assertThat(ticks).extracting(Waterfall.Tick::anchor).containsExactly("start", "middle", "middle",
                "middle", "end");
    }

    @Test
    void deepSpansStopIndentingAtTheCap() {
        long parent = 0;
        for (int i = 1; i <= 40; i++) {
            span("web", i, parent, SpanKind.INTERNAL, "level" + i, i, 100);
            parent = i;
        }
        WaterfallRow deepest = layout(UsualLatency.none()).rows().get(39);
        assertThat(deepest.depth()).isEqualTo(39);
        assertThat(deepest.cssClass()).startsWith("d" + WaterfallRow.MAX_INDENT + " ");
    }
}
