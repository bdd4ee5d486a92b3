package dev.sightline.query.metrics;

import dev.sightline.store.model.MetricData;
import dev.sightline.store.read.MetricSeries;

import java.util.OptionalDouble;

/**
 * One series of numbers by time: a gauge (latest value), a cumulative counter (with, per point, the total of
 * the values lost at resets up to it) or deltas (with running sums), so any window costs two binary searches.
 */
final class NumberSeries {
    private final long[] t;
    private final double[] v;
    /** Counter: resets[i] = sum of v[k-1] over resets k ≤ i. Deltas: sums[i] = v[0] + ... + v[i-1]. */
    private final double[] acc;
    private final boolean counter;

    private NumberSeries(long[] t, double[] v, double[] acc, boolean counter) {
        this.t = t;
        this.v = v;
        this.acc = acc;
        this.counter = counter;
    }

    static NumberSeries gauge(MetricSeries s) {
        long[] t = times(s);
        return new NumberSeries(t, values(s), null, false);
    }

    static NumberSeries counter(MetricSeries s) {
        long[] st = new long[s.points().size()];
        for (int i = 0; i < st.length; i++) {
            st[i] = s.points().get(i).startEpochNanos();
        }
        return counter(times(s), st, values(s));
    }

    static NumberSeries counter(long[] t, long[] st, double[] v) {
        double[] resets = new double[t.length];
        for (int i = 1; i < t.length; i++) {
            boolean reset = CounterRate.isReset(t[i - 1], v[i - 1], t[i], st[i], v[i]);
            resets[i] = resets[i - 1] + (reset ? v[i - 1] : 0);
        }
        return new NumberSeries(t, v, resets, true);
    }

    static NumberSeries delta(MetricSeries s) {
        return delta(times(s), values(s));
    }

    static NumberSeries delta(long[] t, double[] v) {
        double[] sums = new double[t.length + 1];
        for (int i = 0; i < t.length; i++) {
            sums[i + 1] = sums[i] + v[i];
        }
        return new NumberSeries(t, v, sums, false);
    }

    /** The latest value in (at − lookback, at]. */
    OptionalDouble latest(long at, long lookback) {
        int i = PointWindow.lastAtOrBefore(t, at);
        return i >= 0 && t[i] > at - lookback ? OptionalDouble.of(v[i]) : OptionalDouble.empty();
    }

    /** rate ({@code isRate}) or increase over (at − window, at]. */
    OptionalDouble change(long at, long window, boolean isRate) {
        PointWindow w = PointWindow.of(t, at, window);
        int lo = w.lo();
        int hi = w.hi();
        if (!counter) {
            if (hi < lo) {
                return OptionalDouble.empty();
            }
            double sum = acc[hi + 1] - acc[lo];
            return OptionalDouble.of(isRate ? sum / CounterRate.seconds(window) : sum);
        }
        if (hi - lo < 1) {
            return OptionalDouble.empty();
        }
        double increase = v[hi] - v[lo] + (acc[hi] - acc[lo]);
        OptionalDouble factor = CounterRate.extrapolationFactor(w.from(), at, t[lo], v[lo], t[hi], hi - lo + 1,
                increase, true, isRate);
        return factor.isPresent() ? OptionalDouble.of(increase * factor.getAsDouble()) : factor;
    }

    private static long[] times(MetricSeries s) {
        long[] t = new long[s.points().size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = s.points().get(i).epochNanos();
        }
        return t;
    }

    /** Number values, or the observation count of histograms and summaries. */
    private static double[] values(MetricSeries s) {
        double[] v = new double[s.points().size()];
        for (int i = 0; i < v.length; i++) {
            MetricData.Point p = s.points().get(i);
            if (p instanceof MetricData.NumberPoint np) {
                v[i] = np.value().asDouble();
            } else if (p instanceof MetricData.HistogramPoint hp) {
                v[i] = hp.count();
            } else if (p instanceof MetricData.ExponentialHistogramPoint ep) {
                v[i] = ep.count();
            } else if (p instanceof MetricData.SummaryPoint sp) {
                v[i] = sp.count();
            }
        }
        return v;
    }
}
