package dev.sightline.ui.service;

import dev.sightline.query.signals.GoldenSignals;
import dev.sightline.query.signals.SignalPoint;
import dev.sightline.store.model.SpanKind;
import dev.sightline.store.query.TimeRange;
import dev.sightline.store.read.RollupReader;
import dev.sightline.store.read.ServiceCatalog;
import dev.sightline.store.rollup.EdgeRollup;
import dev.sightline.store.rollup.LatencySketch;
import dev.sightline.store.rollup.OperationInfo;
import dev.sightline.store.rollup.SpanRollup;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SignalSeriesTest {
    private static final long MINUTE_NANOS = 60_000_000_000L;
    /** An hour boundary, in epoch minutes. */
    private static final long HOUR = 29_935_320L;

    /** Rollups from a list; counts which kind of read the series made. */
    private static final class Rollups implements RollupReader {
        final List<SpanRollup> rows = new ArrayList<>();
        int minuteReads;
        int hourReads;

        @Override
        public List<OperationInfo> operations(String service) {
            return List.of();
        }

        @Override
        public List<SpanRollup> spanRollups(String service, String operation, long from, long to) {
            minuteReads++;
            return rows.stream().filter(r -> r.epochMinute() >= from && r.epochMinute() < to).toList();
        }

        @Override
        public List<SpanRollup> spanRollupsByHour(String service, String operation, long from, long to) {
            hourReads++;
            return rows.stream().filter(r -> r.epochMinute() >= from && r.epochMinute() < to).toList();
        }

        @Override
        public List<EdgeRollup> edgeRollups(long from, long to) {
            return List.of();
        }
    }

    private static LatencySketch sketch(long... millis) {
        LatencySketch s = LatencySketch.empty();
        for (long m : millis) {
            s.accept(m * 1_000_000L);
        }
        return s;
    }

    private static SpanRollup row(long minute, SpanKind kind, long[] ok, long[] failed) {
        return new SpanRollup("web", "GET /", kind, minute, ok.length + failed.length, failed.length, sketch(ok),
                sketch(failed));
    }

    private static GoldenSignals signals(RollupReader rollups) {
        ServiceCatalog none = List::of;
        return new GoldenSignals(rollups, none);
    }

    @Test
    void aDayIsReadFromMergedHoursNeverMinuteByMinute() {
        Rollups rollups = new Rollups();
        TimeRange day = new TimeRange(HOUR * MINUTE_NANOS, (HOUR + 24 * 60) * MINUTE_NANOS);
        SignalSeries s = SignalSeries.of(signals(rollups), rollups, "web", day);
        assertThat(rollups.hourReads).isEqualTo(1);
        assertThat(rollups.minuteReads).isZero();
        assertThat(s.hourly()).isTrue();
        assertThat(s.points()).hasSize(24);
        assertThat(s.stepMillis()).isEqualTo(3_600_000L);
    }

    @Test
    void anHourIsReadPerMinuteThroughTheGoldenSignals() {
        Rollups rollups = new Rollups();
        rollups.rows.add(row(HOUR + 5, SpanKind.SERVER, new long[] {10, 20}, new long[] {}));
        TimeRange hour = new TimeRange(HOUR * MINUTE_NANOS, (HOUR + 60) * MINUTE_NANOS);
        SignalSeries s = SignalSeries.of(signals(rollups), rollups, "web", hour);
        assertThat(s.hourly()).isFalse();
        assertThat(s.points()).hasSize(60);
        assertThat(s.stepMillis()).isEqualTo(60_000L);
        assertThat(s.points().get(5).requests()).isEqualTo(2);
        assertThat(s.points().get(5).requestsPerSecond()).isCloseTo(2 / 60.0, within(1e-12));
    }

    @Test
    void hourlyBucketsAddCountsAndMergeSketchesOfRequestsOnly() {
        Rollups rollups = new Rollups();
        // Hour 2 of the range: a merged-hour row and a minute row, a failure, and a CLIENT row that is no request.
        rollups.rows.add(row(HOUR + 120, SpanKind.SERVER, new long[] {10, 20, 30}, new long[] {900}));
        rollups.rows.add(row(HOUR + 150, SpanKind.CONSUMER, new long[] {40}, new long[] {}));
        rollups.rows.add(row(HOUR + 130, SpanKind.CLIENT, new long[] {5000}, new long[] {5000}));
        TimeRange day = new TimeRange(HOUR * MINUTE_NANOS, (HOUR + 24 * 60) * MINUTE_NANOS);
        SignalSeries s = SignalSeries.hourly(rollups, "web", day, HourBuckets.of(HOUR, HOUR + 24 * 60, 180));
        SignalPoint p = s.points().get(2);
        assertThat(p.startEpochMillis()).isEqualTo((HOUR + 120) * 60_000L);
        assertThat(p.requests()).isEqualTo(5);
        assertThat(p.errors()).isEqualTo(1);
        assertThat(p.errorRatio()).isEqualTo(0.2);
        assertThat(p.requestsPerSecond()).isCloseTo(5 / 3600.0, within(1e-12));
        // The oracle: one sketch fed every successful duration directly.
        LatencySketch ok = sketch(10, 20, 30, 40);
        assertThat(p.latencyOk().p99Ms()).isEqualTo(ok.quantileNanos(0.99) / 1e6);
        assertThat(p.latencyOk().p50Ms()).isEqualTo(ok.quantileNanos(0.50) / 1e6);
        assertThat(p.latencyFailed().p99Ms()).isCloseTo(900, within(900 * 0.02));
        assertThat(p.latency().count()).isEqualTo(5);
        // Quiet hours are present with zero requests and no latency (a gap on the chart, not 0 ms).
        assertThat(s.points().get(3).requests()).isZero();
        assertThat(s.points().get(3).errorRatio()).isNull();
        assertThat(s.points().get(3).latencyOk().p50Ms()).isNull();
    }

    @Test
    void chartsDrawRequestAndFailureRatesAndGapsWithoutRequests() {
        Rollups rollups = new Rollups();
        rollups.rows.add(row(HOUR + 120, SpanKind.SERVER, new long[] {10, 20, 30}, new long[] {900}));
        TimeRange day = new TimeRange(HOUR * MINUTE_NANOS, (HOUR + 24 * 60) * MINUTE_NANOS);
        GoldenCharts charts = GoldenCharts.of(SignalSeries.hourly(rollups, "web", day,
                HourBuckets.of(HOUR, HOUR + 24 * 60, 180)));
        assertThat(charts.traffic().lines()).extracting(l -> l.name()).containsExactly("requests/s", "failed/s");
        assertThat(charts.latency().lines()).extracting(l -> l.name())
                .containsExactly("p50 ok", "p95 ok", "p99 ok", "p99 failed");
        // One hour with requests: the latency lines are a lone point each, the traffic line is continuous.
        assertThat(charts.latency().lines().get(0).path()).doesNotContain("L");
        assertThat(charts.traffic().lines().get(0).path().split("L")).hasSize(24);
        assertThat(charts.errors().empty()).isFalse();
    }
}
