package dev.sightline.ui.services;

import dev.sightline.query.signals.Window;
import dev.sightline.store.query.TimeRange;
import dev.sightline.store.read.RollupReader;
import dev.sightline.store.rollup.LatencySketch;
import dev.sightline.store.rollup.SpanRollup;
import dev.sightline.ui.chart.Sparkline;

import java.util.Arrays;

/**
 * A service's traffic and p99 over the page's range, in at most {@link #MAX_POINTS} buckets, for the services
 * table. Ranges of 12 hours and more are bucketed by whole hours and read from the store's merged hours (a day
 * is 24 rows per operation, not 1,440), which keeps a page of sparklines cheap.
 */
public record ServiceTrend(Sparkline requests, Sparkline p99) {
    static final int MAX_POINTS = 60;
    private static final long HOURLY_FROM_MINUTES = 12 * 60;

    public static ServiceTrend of(RollupReader rollups, String service, TimeRange range) {
        Window w = Window.of(range);
        long minutes = w.toMinute() - w.fromMinute();
        boolean hourly = minutes >= HOURLY_FROM_MINUTES;
        long from = hourly ? Math.floorDiv(w.fromMinute(), 60) * 60 : w.fromMinute();
        long unit = hourly ? 60 : 1;
        long units = (w.toMinute() - from + unit - 1) / unit;
        long perBucket = Math.max(1, (units + MAX_POINTS - 1) / MAX_POINTS);
        long bucketMinutes = perBucket * unit;
        int buckets = (int) Math.max(1, (w.toMinute() - from + bucketMinutes - 1) / bucketMinutes);
        long[] requests = new long[buckets];
        LatencySketch[] latency = new LatencySketch[buckets];
        Iterable<SpanRollup> rows = hourly
                ? rollups.spanRollupsByHour(service, null, w.fromMinute(), w.toMinute())
                : rollups.spanRollups(service, null, w.fromMinute(), w.toMinute());
        for (SpanRollup r : rows) {
            if (!r.isRequest()) {
                continue;
            }
            int b = (int) Math.min(buckets - 1, Math.max(0, (r.epochMinute() - from) / bucketMinutes));
            requests[b] += r.requests();
            if (latency[b] == null) {
                latency[b] = LatencySketch.empty();
            }
            latency[b].merge(r.ok());
            latency[b].merge(r.failed());
        }
        double[] rate = new double[buckets];
        double[] p99 = new double[buckets];
        Arrays.fill(p99, Double.NaN);
        for (int i = 0; i < buckets; i++) {
            rate[i] = requests[i] / (bucketMinutes * 60.0);
            if (latency[i] != null && !latency[i].isEmpty()) {
                p99[i] = latency[i].quantileNanos(0.99) / 1e6;
            }
        }
        return new ServiceTrend(Sparkline.of(rate), Sparkline.of(p99));
    }
}
