package dev.sightline.query.metrics;

import dev.sightline.store.model.MetricData;
import dev.sightline.store.read.MetricSeries;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/** An explicit-bucket histogram series as Prometheus sees a classic one: each cumulative {@code le} bucket a series. */
final class ClassicBuckets {
    private final TreeMap<Double, NumberSeries> byLe;

    private ClassicBuckets(TreeMap<Double, NumberSeries> byLe) {
        this.byLe = byLe;
    }

    /** Each cumulative {@code le} bucket as a series of its own (a counter, or deltas), by bound. */
    static ClassicBuckets of(MetricSeries s, boolean delta) {
        Map<Double, List<long[]>> times = new TreeMap<>();
        Map<Double, List<Double>> counts = new TreeMap<>();
        for (MetricData.Point p : s.points()) {
            MetricData.HistogramPoint hp = (MetricData.HistogramPoint) p;
            double[] c = new double[hp.bucketCounts().size()];
            for (int i = 0; i < c.length; i++) {
                c[i] = hp.bucketCounts().get(i);
            }
            List<HistogramQuantile.Bucket> cumulative = HistogramQuantile.cumulative(hp.explicitBounds(), c);
            if (cumulative == null) {
                continue;
            }
            for (HistogramQuantile.Bucket b : cumulative) {
                times.computeIfAbsent(b.upperBound(), k -> new ArrayList<>())
                        .add(new long[] {hp.epochNanos(), hp.startEpochNanos()});
                counts.computeIfAbsent(b.upperBound(), k -> new ArrayList<>()).add(b.count());
            }
        }
        TreeMap<Double, NumberSeries> out = new TreeMap<>();
        times.forEach((le, ts) -> {
            List<Double> cs = counts.get(le);
            long[] t = new long[ts.size()];
            long[] st = new long[ts.size()];
            double[] v = new double[ts.size()];
            for (int i = 0; i < t.length; i++) {
                t[i] = ts.get(i)[0];
                st[i] = ts.get(i)[1];
                v[i] = cs.get(i);
            }
            out.put(le, delta ? NumberSeries.delta(t, v) : NumberSeries.counter(t, st, v));
        });
        return new ClassicBuckets(out);
    }

    /** How many buckets there are: what reading all of them at one step costs. */
    int size() {
        return byLe.size();
    }

    /** Adds each bucket's per-second rate over (at − window, at] to {@code rates}, by bound: {@code sum by (le)}. */
    void addRates(long at, long window, Map<Double, Double> rates) {
        for (Map.Entry<Double, NumberSeries> le : byLe.entrySet()) {
            OptionalDouble r = le.getValue().change(at, window, true);
            if (r.isPresent()) {
                rates.merge(le.getKey(), r.getAsDouble(), Double::sum);
            }
        }
    }
}
