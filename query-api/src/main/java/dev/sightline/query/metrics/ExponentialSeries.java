package dev.sightline.query.metrics;

import dev.sightline.store.model.MetricData;
import dev.sightline.store.read.MetricSeries;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;

/** Exponential histograms by time, with the points at which a cumulative one was reset. */
final class ExponentialSeries {
    private final long[] t;
    private final ExponentialHistogram[] h;
    private final int[] resets;
    private final boolean delta;

    ExponentialSeries(MetricSeries s, boolean delta) {
        this.delta = delta;
        int n = s.points().size();
        t = new long[n];
        h = new ExponentialHistogram[n];
        List<Integer> r = new ArrayList<>();
        long previousTime = 0;
        for (int i = 0; i < n; i++) {
            MetricData.ExponentialHistogramPoint p = (MetricData.ExponentialHistogramPoint) s.points().get(i);
            t[i] = p.epochNanos();
            h[i] = ExponentialHistogram.of(p);
            if (!delta && i > 0 && (h[i].isResetFrom(h[i - 1])
                    || CounterRate.isRestart(previousTime, p.epochNanos(), p.startEpochNanos()))) {
                r.add(i);
            }
            previousTime = p.epochNanos();
        }
        resets = r.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The per-second rate of the histogram over (at − window, at], as Prometheus' rate() of a native one. */
    ExponentialHistogram rate(long at, long window, WorkBudget budget) {
        PointWindow w = PointWindow.of(t, at, window);
        int lo = w.lo();
        int hi = w.hi();
        if (delta) {
            if (hi < lo) {
                return null;
            }
            ExponentialHistogram sum = h[lo];
            for (int i = lo + 1; i <= hi; i++) {
                budget.spend(h[i].size());
                sum = sum.plus(h[i]);
            }
            return sum.times(1 / CounterRate.seconds(window));
        }
        if (hi - lo < 1) {
            return null;
        }
        budget.spend(h[hi].size() + h[lo].size());
        ExponentialHistogram increase = h[hi].minus(h[lo]);
        int r = Arrays.binarySearch(resets, lo + 1);
        for (int k = r >= 0 ? r : -r - 1; k < resets.length && resets[k] <= hi; k++) {
            budget.spend(h[resets[k] - 1].size());
            increase = increase.plus(h[resets[k] - 1]);
        }
        OptionalDouble factor = CounterRate.extrapolationFactor(w.from(), at, t[lo], h[lo].count(), t[hi],
                hi - lo + 1, increase.count(), true, true);
        return factor.isPresent() ? increase.times(factor.getAsDouble()) : null;
    }
}
