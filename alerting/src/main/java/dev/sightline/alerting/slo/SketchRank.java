package dev.sightline.alerting.slo;

import dev.sightline.store.rollup.LatencySketch;

/**
 * How many values of a latency sketch are at most a limit, from its quantiles alone (the sketch offers no rank
 * query): a binary search over ranks. The sketch answers the rank-r value with its bin's representative, within
 * 1 % of the true value, so only values within 1 % of the limit can land on the wrong side: a 500 ms threshold is
 * in effect somewhere between 495 and 505 ms. Costs about log2(count) quantile reads.
 */
final class SketchRank {
    private SketchRank() {
    }

    static long countAtMost(LatencySketch sketch, double limitNanos) {
        long n = sketch.count();
        if (n == 0 || valueAt(sketch, 0, n) > limitNanos) {
            return 0;
        }
        if (valueAt(sketch, n - 1, n) <= limitNanos) {
            return n;
        }
        long lo = 0;       // value(lo) <= limit
        long hi = n - 1;   // value(hi) > limit
        while (hi - lo > 1) {
            long mid = lo + (hi - lo) / 2;
            if (valueAt(sketch, mid, n) <= limitNanos) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo + 1;
    }

    /**
     * The value of 0-based rank {@code r}. DDSketch maps quantile q to rank q × (n − 1) and returns the bin whose
     * cumulative count first exceeds it; aiming at r + ½ keeps floating-point error from landing on rank r − 1.
     */
    private static double valueAt(LatencySketch sketch, long r, long n) {
        if (n == 1) {
            return sketch.quantileNanos(0);
        }
        return sketch.quantileNanos(Math.min(1.0, (r + 0.5) / (n - 1)));
    }
}
