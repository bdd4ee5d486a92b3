package dev.sightline.ui.metrics;

import dev.sightline.query.metrics.MetricFunction;
import dev.sightline.query.metrics.RangeResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SeriesChartsTest {
    private static final long START = 1_796_000_000_000_000_000L;
    private static final long STEP = 15_000_000_000L;

    private static RangeResult.Series series(Map<String, String> labels, double... values) {
        long[] times = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            times[i] = START + i * STEP;
        }
        return new RangeResult.Series(labels, times, values, List.of());
    }

    private static RangeResult result(MetricFunction fn, List<RangeResult.Series> series) {
        return new RangeResult("http.server.duration", "Histogram", "ms", "", fn, null, START, START + 3 * STEP,
                STEP, null, null, null, series, false, List.of());
    }

    @Test
    void atMostTheHighestSeriesAreDrawnAndTheRestCounted() {
        List<RangeResult.Series> many = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            many.add(series(Map.of("service.name", "shop", "http.route", "/r" + i), i, i, i, i));
        }
        SeriesCharts c = SeriesCharts.of("rate", "rate", result(MetricFunction.RATE, many), 10, String::valueOf);
        assertThat(c.total()).isEqualTo(25);
        assertThat(c.leftOut()).isEqualTo(15);
        assertThat(c.rows()).hasSize(10);
        assertThat(c.rows().get(0).name()).isEqualTo("http.route=\"/r24\"");
        assertThat(c.rows().get(9).name()).isEqualTo("http.route=\"/r15\"");
        assertThat(c.panels().get(0).chart().lines()).hasSize(10);
        assertThat(c.rows()).extracting(SeriesCharts.Row::cssClass).doesNotHaveDuplicates();
    }

    @Test
    void seriesAreNamedByTheLabelsThatTellThemApart() {
        RangeResult r = result(MetricFunction.VALUE, List.of(
                series(Map.of("service.name", "shop", "host", "a", "route", "/x"), 1, 2),
                series(Map.of("service.name", "shop", "host", "b", "route", "/x"), 3, 4)));
        SeriesCharts c = SeriesCharts.of("value", "value", r, 10, String::valueOf);
        assertThat(c.common()).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of("route", "/x",
                "service.name", "shop")));
        assertThat(c.rows()).extracting(SeriesCharts.Row::name).containsExactly("host=\"b\"", "host=\"a\"");
        assertThat(c.rows().get(0).latest()).containsExactly("4.0");
    }

    @Test
    void aLoneSeriesIsNamedAfterTheMetric() {
        RangeResult r = result(MetricFunction.VALUE, List.of(series(Map.of("host", "a"), 1)));
        SeriesCharts c = SeriesCharts.of("value", "value", r, 10, String::valueOf);
        assertThat(c.rows()).extracting(SeriesCharts.Row::name).containsExactly("http.server.duration");
        assertThat(c.common()).containsEntry("host", "a");
    }

    @Test
    void pointsLandOnTheirStepsAndMissingStepsAreGaps() {
        long[] times = {START, START + 2 * STEP};
        RangeResult r = result(MetricFunction.VALUE, List.of(new RangeResult.Series(Map.of(), times,
                new double[] {1, 3}, List.of())));
        SeriesCharts c = SeriesCharts.of("value", "value", r, 10, String::valueOf);
        var line = c.panels().get(0).chart().lines().get(0);
        // Steps 0 and 2 only: two lone points (dots), no line between them.
        assertThat(line.dots()).hasSize(2);
        assertThat(line.path()).isEmpty();
        assertThat(c.rows().get(0).latest()).containsExactly("3.0");
    }

    @Test
    void oneHistogramSeriesGetsOneChartWithThreePercentiles() {
        Map<String, String> labels = Map.of("http.route", "/pay");
        SeriesCharts c = SeriesCharts.quantiles("latency", List.of(
                result(MetricFunction.QUANTILE, List.of(series(labels, 5, 5, 5))),
                result(MetricFunction.QUANTILE, List.of(series(labels, 9, 9, 9))),
                result(MetricFunction.QUANTILE, List.of(series(labels, 12, 12, 12)))), 10, String::valueOf);
        assertThat(c.panels()).hasSize(1);
        assertThat(c.panels().get(0).chart().lines()).extracting(l -> l.name()).containsExactly("p50", "p95", "p99");
        assertThat(c.columns()).containsExactly("p50", "p95", "p99");
        assertThat(c.rows()).singleElement().satisfies(row ->
                assertThat(row.latest()).containsExactly("5.0", "9.0", "12.0"));
    }

    @Test
    void severalHistogramSeriesGetOneChartPerPercentileRankedByP99() {
        Map<String, String> fast = Map.of("http.route", "/fast");
        Map<String, String> slow = Map.of("http.route", "/slow");
        SeriesCharts c = SeriesCharts.quantiles("latency", List.of(
                result(MetricFunction.QUANTILE, List.of(series(fast, 1), series(slow, 10))),
                result(MetricFunction.QUANTILE, List.of(series(fast, 2), series(slow, 20))),
                result(MetricFunction.QUANTILE, List.of(series(fast, 3), series(slow, 30)))), 1, String::valueOf);
        assertThat(c.panels()).extracting(SeriesCharts.Panel::title).containsExactly("p50", "p95", "p99");
        assertThat(c.rows()).singleElement().satisfies(row -> {
            assertThat(row.name()).isEqualTo("http.route=\"/slow\"");
            assertThat(row.latest()).containsExactly("10.0", "20.0", "30.0");
        });
        assertThat(c.leftOut()).isEqualTo(1);
        // No label is shared: nothing to show above the charts.
        assertThat(c.common()).isEmpty();
        assertThatThrownBy(() -> SeriesCharts.quantiles("x", List.of(), 1, String::valueOf))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
