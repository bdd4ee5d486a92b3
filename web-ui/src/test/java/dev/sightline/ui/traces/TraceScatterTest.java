package dev.sightline.ui.traces;

import dev.sightline.store.query.TraceHit;
import dev.sightline.store.model.TraceId;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TraceScatterTest {
    private static final long T0 = 1_767_225_600_000_000_000L;
    private static final long MS = 1_000_000L;
    private static final long S = 1_000 * MS;

    private static TraceHit hit(long id, long startNanos, long durationNanos, int spans, int errors) {
        return new TraceHit(new TraceId(0, id), "web", "GET /" + id, startNanos, durationNanos, spans, errors,
                List.of("web"));
    }

    @Test
    void durationIsOnALogAxisWithOneTickPerPowerOfTen() {
        TraceScatter s = TraceScatter.of(List.of(hit(1, T0, 2 * MS, 1, 0), hit(2, T0 + S, 300 * MS, 1, 0)));

        assertThat(s.yTicks()).extracting(TraceScatter.Tick::label)
                .containsExactly("1.00 ms", "10 ms", "100 ms", "1.00 s");
        assertThat(s.yTicks().get(0).position()).isEqualTo(s.plotBottom());
        assertThat(s.yTicks().get(3).position()).isEqualTo(s.plotTop());
        // Each decade is the same height: log10(300 ms) is between the 100 ms and 1 s ticks, at 0.477 of the way.
        double decade = (s.plotBottom() - s.plotTop()) / 3;
        TraceScatter.Point slow = s.points().get(1);
        assertThat(slow.y()).isCloseTo(s.yTicks().get(2).position() - Math.log10(3) * decade, within(0.2));
        assertThat(s.points().get(0).y()).isGreaterThan(slow.y());
    }

    @Test
    void startTimeRunsLeftToRightInsideThePlot() {
        TraceScatter s = TraceScatter.of(List.of(hit(1, T0, 10 * MS, 1, 0), hit(2, T0 + 10 * S, 10 * MS, 1, 0),
                hit(3, T0 + 5 * S, 10 * MS, 1, 0)));

        TraceScatter.Point first = s.points().get(0);
        TraceScatter.Point last = s.points().get(1);
        TraceScatter.Point middle = s.points().get(2);
        assertThat(first.x()).isGreaterThan(s.plotLeft()).isLessThan(middle.x());
        assertThat(last.x()).isLessThan(s.plotRight()).isGreaterThan(middle.x());
        assertThat(middle.x()).isCloseTo((s.plotLeft() + s.plotRight()) / 2, within(0.1));
        assertThat(s.xTicks()).hasSize(TraceScatter.X_TICKS);
        assertThat(s.xTicks().get(0).position()).isEqualTo(s.plotLeft());
        assertThat(s.xTicks()).extracting(TraceScatter.Tick::anchor).containsExactly("start", "middle", "middle",
                "middle", "end");
    }

    @Test
    void oneTraceSitsInTheMiddleOfAPaddedAxis() {
        TraceScatter s = TraceScatter.of(List.of(hit(1, T0, 10 * MS, 1, 0)));

        assertThat(s.points().get(0).x()).isCloseTo((s.plotLeft() + s.plotRight()) / 2, within(0.1));
        assertThat(s.yTicks()).extracting(TraceScatter.Tick::label).containsExactly("10 ms", "100 ms");
        assertThat(s.xTicks().get(0).label()).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3}");
    }

    @Test
    void failedTracesAreRedAndDrawnLastSoTheyAreNeverHidden() {
        TraceScatter s = TraceScatter.of(List.of(hit(1, T0, 10 * MS, 3, 2), hit(2, T0, 10 * MS, 3, 0)));

        assertThat(s.points()).extracting(TraceScatter.Point::cssClass).containsExactly("ok", "failed");
        assertThat(s.points().get(1).traceId()).isEqualTo(new TraceId(0, 1).toHex());
        assertThat(s.points().get(1).title()).contains("web: GET /1").contains("3 spans").contains("2 errors");
    }

    @Test
    void biggerTracesAreBiggerPointsWithinALimit() {
        TraceScatter s = TraceScatter.of(List.of(hit(1, T0, MS, 1, 0), hit(2, T0, MS, 10_000, 0),
                hit(3, T0, MS, 1_000_000, 0)));

        assertThat(s.points()).extracting(TraceScatter.Point::r).containsExactly(3.0, 7.0, 7.0);
    }

    @Test
    void zeroDurationsSitOnTheFloorInsteadOfAtMinusInfinity() {
        TraceScatter s = TraceScatter.of(List.of(hit(1, T0, 0, 1, 0), hit(2, T0, 5 * MS, 1, 0)));

        assertThat(s.points().get(0).y()).isEqualTo(s.plotBottom());
        assertThat(s.yTicks().get(0).label()).isEqualTo("0.001 ms");
    }

    @Test
    void noHitsIsAnEmptyPlot() {
        TraceScatter s = TraceScatter.of(List.of());
        assertThat(s.empty()).isTrue();
        assertThat(s.points()).isEmpty();
    }
}
