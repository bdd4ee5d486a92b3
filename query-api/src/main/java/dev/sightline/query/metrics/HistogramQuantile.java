package dev.sightline.query.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * PromQL's {@code histogram_quantile} over classic (cumulative {@code le}) buckets, step for step as Prometheus'
 * {@code bucketQuantile} does it, so the numbers match what a Prometheus user expects:
 * <ol>
 *   <li>q NaN → NaN, q &lt; 0 → -Inf, q &gt; 1 → +Inf;</li>
 *   <li>buckets sorted by upper bound; the highest must be +Inf, else NaN;</li>
 *   <li>buckets with the same bound merged; counts within a relative 1e-12 of the previous one made equal (float
 *       noise from rates); then any decrease lifted to the running maximum ({@code ensureMonotonic}), because
 *       the search below assumes cumulative counts never fall;</li>
 *   <li>fewer than two buckets, or no observations → NaN;</li>
 *   <li>rank = q × total; the first bucket whose count reaches the rank holds the answer: in the +Inf bucket the
 *       upper bound of the second-highest bucket; in the lowest bucket with a bound ≤ 0 that bound; otherwise
 *       linear interpolation inside the bucket, from 0 for the lowest bucket and from the previous bound for
 *       the others.</li>
 * </ol>
 */
public final class HistogramQuantile {

    /** One cumulative bucket: how many observations were ≤ {@code upperBound} (a count or a rate of counts). */
    public record Bucket(double upperBound, double count) {
    }

    private static final double PRECISION_TOLERANCE = 1e-12;

    private HistogramQuantile() {
    }

    public static double quantile(double q, List<Bucket> buckets) {
        if (Double.isNaN(q)) {
            return Double.NaN;
        }
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        if (buckets.isEmpty()) {
            return Double.NaN;
        }
        Bucket[] sorted = buckets.toArray(new Bucket[0]);
        Arrays.sort(sorted, Comparator.comparingDouble(Bucket::upperBound));
        if (sorted[sorted.length - 1].upperBound() != Double.POSITIVE_INFINITY) {
            return Double.NaN;
        }
        double[] bounds = new double[sorted.length];
        double[] counts = new double[sorted.length];
        int n = coalesce(sorted, bounds, counts);
        correctPrecisionErrors(counts, n);
        ensureMonotonic(counts, n);
        if (n < 2) {
            return Double.NaN;
        }
        double observations = counts[n - 1];
        if (observations == 0) {
            return Double.NaN;
        }
        double rank = q * observations;
        int b = firstReaching(counts, n - 1, rank);
        if (b == n - 1) {
            return bounds[n - 2];
        }
        if (b == 0 && bounds[0] <= 0) {
            return bounds[0];
        }
        double start = 0;
        double end = bounds[b];
        double count = counts[b];
        if (b > 0) {
            start = bounds[b - 1];
            count -= counts[b - 1];
            rank -= counts[b - 1];
        }
        return start + (end - start) * (rank / count);
    }

    /**
     * OTLP explicit buckets as cumulative {@code le} buckets: bucket i of OTLP counts observations in
     * (bounds[i-1], bounds[i]], the last one those above the last bound, which becomes {@code le=+Inf}.
     * Null when there are no buckets (OTLP allows a histogram of count and sum only) or the counts do not fit
     * the bounds (OTLP requires one count more than bounds).
     */
    public static List<Bucket> cumulative(List<Double> explicitBounds, double[] bucketCounts) {
        if (bucketCounts.length == 0 || bucketCounts.length != explicitBounds.size() + 1) {
            return null;
        }
        List<Bucket> out = new ArrayList<>(bucketCounts.length);
        double running = 0;
        for (int i = 0; i < bucketCounts.length; i++) {
            running += bucketCounts[i];
            double le = i < explicitBounds.size() ? explicitBounds.get(i) : Double.POSITIVE_INFINITY;
            out.add(new Bucket(le, running));
        }
        return out;
    }

    /** Merges equal bounds into the arrays; returns how many buckets remain. */
    private static int coalesce(Bucket[] sorted, double[] bounds, double[] counts) {
        int n = 0;
        for (Bucket b : sorted) {
            if (n > 0 && bounds[n - 1] == b.upperBound()) {
                counts[n - 1] += b.count();
            } else {
                bounds[n] = b.upperBound();
                counts[n] = b.count();
                n++;
            }
        }
        return n;
    }

    private static void correctPrecisionErrors(double[] counts, int n) {
        double prev = counts[0];
        for (int i = 1; i < n; i++) {
            double curr = counts[i];
            double delta = Math.abs(curr - prev);
            if (delta == 0) {
                continue;
            }
            if (delta / curr <= PRECISION_TOLERANCE) {
                counts[i] = prev;
            } else {
                prev = curr;
            }
        }
    }

    private static void ensureMonotonic(double[] counts, int n) {
        double max = counts[0];
        for (int i = 1; i < n; i++) {
            if (counts[i] > max) {
                max = counts[i];
            } else if (counts[i] < max) {
                counts[i] = max;
            }
        }
    }

    /** The smallest i in [0, limit) with counts[i] ≥ rank, or limit (Go's sort.Search). */
    private static int firstReaching(double[] counts, int limit, double rank) {
        int lo = 0;
        int hi = limit;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (counts[mid] >= rank) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
