package dev.sightline.ui.services;

import dev.sightline.query.signals.Window;
import dev.sightline.store.query.TimeRange;
import dev.sightline.store.read.RollupReader;
import dev.sightline.store.rollup.LatencySketch;
import dev.sightline.store.rollup.SpanRollup;
import dev.sightline.ui.chart.Sparkline;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A service's traffic and p99 over the page's range, in at most {@link #MAX_POINTS} buckets, for the services
 * table. Ranges of 12 hours and more are bucketed by whole hours and read from the store's merged hours (a day
 * is 24 rows per operation, not 1,440), which keeps a page of sparklines cheap.
 */
public record ServiceTrend(Sparkline requests, Sparkline p99) {
    static final int MAX_POINTS = 60;
    private static final long HOURLY_FROM_MINUTES = 12 * 60;

    /** The trend of one service. */
    public static ServiceTrend of(RollupReader rollups, String service, TimeRange range) {
        return of(Buckets.of(range).read(rollups, service), List.of(service), range).get(service);
    }

    /**
     * Every service's rollups of the range, read the way trends need them: per minute below 12 hours, merged
     * whole hours above. Golden-signal totals can be computed from the same rows.
     */
    public static List<SpanRollup> read(RollupReader rollups, TimeRange range) {
        return Buckets.of(range).read(rollups, null);
    }

    /** The trends of the given services (the rows of one page) from every service's rows read by {@link #read}. */
    public static Map<String, ServiceTrend> of(List<SpanRollup> rows, Collection<String> services, TimeRange range) {
        Buckets b = Buckets.of(range);
        Map<String, Accumulator> acc = new LinkedHashMap<>();
        for (String s : services) {
            acc.put(s, new Accumulator(b.count));
        }
        b.add(rows, acc);
        Map<String, ServiceTrend> out = new LinkedHashMap<>();
        acc.forEach((s, a) -> out.put(s, a.trend(b.bucketMinutes)));
        return out;
    }

    /** Bucket geometry of a range: per minute below 12 hours, whole hours (merged in the store) above. */
    private record Buckets(Window w, boolean hourly, long from, long bucketMinutes, int count) {
        static Buckets of(TimeRange range) {
            Window w = Window.of(range);
            long minutes = w.toMinute() - w.fromMinute();
            boolean hourly = minutes >= HOURLY_FROM_MINUTES;
            long from = hourly ? Math.floorDiv(w.fromMinute(), 60) * 60 : w.fromMinute();
            long unit = hourly ? 60 : 1;
            long units = (w.toMinute() - from + unit - 1) / unit;
            long perBucket = Math.max(1, (units + MAX_POINTS - 1) / MAX_POINTS);
            long bucketMinutes = perBucket * unit;
            int count = (int) Math.max(1, (w.toMinute() - from + bucketMinutes - 1) / bucketMinutes);
            return new Buckets(w, hourly, from, bucketMinutes, count);
        }

        List<SpanRollup> read(RollupReader rollups, String service) {
            return hourly
                    ? rollups.spanRollupsByHour(service, null, w.fromMinute(), w.toMinute())
                    : rollups.spanRollups(service, null, w.fromMinute(), w.toMinute());
        }

        void add(List<SpanRollup> rows, Map<String, Accumulator> into) {
            for (SpanRollup r : rows) {
                Accumulator a = into.get(r.service());
                if (a == null || !r.isRequest()) {
                    continue;
                }
                a.add((int) Math.min(count - 1, Math.max(0, (r.epochMinute() - from) / bucketMinutes)), r);
            }
        }
    }

    /** Requests and a latency sketch per bucket of one service. */
    private static final class Accumulator {
        private final long[] requests;
        private final LatencySketch[] latency;

        Accumulator(int buckets) {
            requests = new long[buckets];
            latency = new LatencySketch[buckets];
        }

        void add(int bucket, SpanRollup r) {
            requests[bucket] += r.requests();
            if (latency[bucket] == null) {
                latency[bucket] = LatencySketch.empty();
            }
            latency[bucket].merge(r.ok());
            latency[bucket].merge(r.failed());
        }

        ServiceTrend trend(long bucketMinutes) {
            double[] rate = new double[requests.length];
            double[] p99 = new double[requests.length];
            Arrays.fill(p99, Double.NaN);
            for (int i = 0; i < requests.length; i++) {
                rate[i] = requests[i] / (bucketMinutes * 60.0);
                if (latency[i] != null && !latency[i].isEmpty()) {
                    p99[i] = latency[i].quantileNanos(0.99) / 1e6;
                }
            }
            return new ServiceTrend(Sparkline.of(rate), Sparkline.of(p99));
        }
    }
}
