package dev.sightline.query.metrics;

import dev.sightline.store.model.MetricData;

import java.util.List;

/**
 * An OTLP base-2 exponential histogram with counts as doubles, so it can hold rates and sums of histograms as well
 * as counts. Immutable. At scale s the base is 2^(2^-s); positive bucket i holds values in (base^i, base^(i+1)],
 * negative bucket i their mirror [-base^(i+1), -base^i), and the zero bucket values within ±zeroThreshold.
 *
 * <p>Arithmetic between two histograms first brings both to the smaller scale (bucket i at scale s lies in bucket
 * i >> k at scale s − k, exactly) and the larger zero threshold, as Prometheus merges native histograms.
 */
public final class ExponentialHistogram {
    /**
     * Merged histograms whose buckets span more than this many indices are downscaled until they fit, so a merge
     * of histograms far apart in magnitude cannot allocate without bound.
     */
    static final int MAX_SPAN = 4096;

    private final int scale;
    private final double zeroThreshold;
    private final double zeroCount;
    private final int positiveOffset;
    private final double[] positive;
    private final int negativeOffset;
    private final double[] negative;

    public ExponentialHistogram(int scale, double zeroThreshold, double zeroCount, int positiveOffset,
                                double[] positive, int negativeOffset, double[] negative) {
        this.scale = scale;
        this.zeroThreshold = zeroThreshold;
        this.zeroCount = zeroCount;
        this.positiveOffset = positiveOffset;
        this.positive = positive.clone();
        this.negativeOffset = negativeOffset;
        this.negative = negative.clone();
    }

    public static ExponentialHistogram of(MetricData.ExponentialHistogramPoint p) {
        return new ExponentialHistogram(p.scale(), p.zeroThreshold(), p.zeroCount(), p.positive().offset(),
                toDoubles(p.positive().bucketCounts()), p.negative().offset(), toDoubles(p.negative().bucketCounts()));
    }

    public static ExponentialHistogram empty(int scale) {
        return new ExponentialHistogram(scale, 0, 0, 0, new double[0], 0, new double[0]);
    }

    private static double[] toDoubles(List<Long> counts) {
        double[] out = new double[counts.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = counts.get(i);
        }
        return out;
    }

    public int scale() {
        return scale;
    }

    public double zeroThreshold() {
        return zeroThreshold;
    }

    public double zeroCount() {
        return zeroCount;
    }

    public int positiveOffset() {
        return positiveOffset;
    }

    public double positive(int j) {
        return positive[j];
    }

    public int positiveLength() {
        return positive.length;
    }

    public int negativeOffset() {
        return negativeOffset;
    }

    public double negative(int j) {
        return negative[j];
    }

    public int negativeLength() {
        return negative.length;
    }

    /** Number of stored buckets: the cost of touching this histogram once. */
    public int size() {
        return positive.length + negative.length + 1;
    }

    public double count() {
        double c = zeroCount;
        for (double v : positive) {
            c += v;
        }
        for (double v : negative) {
            c += v;
        }
        return c;
    }

    public boolean hasPositive() {
        for (double v : positive) {
            if (v != 0) {
                return true;
            }
        }
        return false;
    }

    public boolean hasNegative() {
        for (double v : negative) {
            if (v != 0) {
                return true;
            }
        }
        return false;
    }

    public ExponentialHistogram plus(ExponentialHistogram other) {
        return combine(other, 1);
    }

    public ExponentialHistogram minus(ExponentialHistogram other) {
        return combine(other, -1);
    }

    public ExponentialHistogram times(double factor) {
        double[] p = positive.clone();
        double[] n = negative.clone();
        for (int i = 0; i < p.length; i++) {
            p[i] *= factor;
        }
        for (int i = 0; i < n.length; i++) {
            n[i] *= factor;
        }
        return new ExponentialHistogram(scale, zeroThreshold, zeroCount * factor, positiveOffset, p, negativeOffset, n);
    }

    /**
     * True when this histogram cannot follow {@code previous} in one cumulative stream: fewer observations in
     * total, in the zero bucket or in any bucket, or a finer scale (an SDK only ever coarsens a running histogram).
     */
    public boolean isResetFrom(ExponentialHistogram previous) {
        if (scale > previous.scale || count() < previous.count() || zeroCount < previous.zeroCount) {
            return true;
        }
        ExponentialHistogram diff = minus(previous);
        for (double v : diff.positive) {
            if (v < 0) {
                return true;
            }
        }
        for (double v : diff.negative) {
            if (v < 0) {
                return true;
            }
        }
        return false;
    }

    private ExponentialHistogram combine(ExponentialHistogram other, double sign) {
        int target = Math.min(scale, other.scale);
        double threshold = Math.max(zeroThreshold, other.zeroThreshold);
        while (true) {
            int[] p = span(positiveOffset, positive, other.positiveOffset, other.positive, other.scale, target);
            int[] n = span(negativeOffset, negative, other.negativeOffset, other.negative, other.scale, target);
            if ((long) p[1] - p[0] <= MAX_SPAN && (long) n[1] - n[0] <= MAX_SPAN) {
                double[] pos = new double[Math.max(0, p[1] - p[0])];
                double[] neg = new double[Math.max(0, n[1] - n[0])];
                double zero = zeroCount + sign * other.zeroCount;
                zero += addInto(pos, p[0], positiveOffset, positive, scale - target, 1, target, threshold);
                zero += addInto(pos, p[0], other.positiveOffset, other.positive, other.scale - target, sign, target,
                        threshold);
                zero += addInto(neg, n[0], negativeOffset, negative, scale - target, 1, target, threshold);
                zero += addInto(neg, n[0], other.negativeOffset, other.negative, other.scale - target, sign, target,
                        threshold);
                return new ExponentialHistogram(target, threshold, zero, p[0], pos, n[0], neg);
            }
            target--;
        }
    }

    /** [from, to) of the bucket indices at {@code target} scale holding the non-empty buckets of both. */
    private int[] span(int offsetA, double[] a, int offsetB, double[] b, int scaleB, int target) {
        int from = Integer.MAX_VALUE;
        int to = Integer.MIN_VALUE;
        int shiftA = scale - target;
        int shiftB = scaleB - target;
        for (int j = 0; j < a.length; j++) {
            if (a[j] != 0) {
                int i = downscale(offsetA + j, shiftA);
                from = Math.min(from, i);
                to = Math.max(to, i + 1);
            }
        }
        for (int j = 0; j < b.length; j++) {
            if (b[j] != 0) {
                int i = downscale(offsetB + j, shiftB);
                from = Math.min(from, i);
                to = Math.max(to, i + 1);
            }
        }
        return from == Integer.MAX_VALUE ? new int[] {0, 0} : new int[] {from, to};
    }

    /**
     * Adds sign × counts, downscaled by {@code shift}, into {@code into}; buckets lying wholly inside the zero
     * threshold go to the zero bucket instead, and their total is returned.
     */
    private static double addInto(double[] into, int intoOffset, int offset, double[] counts, int shift, double sign,
                                  int targetScale, double zeroThreshold) {
        double toZero = 0;
        for (int j = 0; j < counts.length; j++) {
            if (counts[j] == 0) {
                continue;
            }
            int i = downscale(offset + j, shift);
            if (zeroThreshold > 0 && upperBound(i, targetScale) <= zeroThreshold) {
                toZero += sign * counts[j];
            } else {
                into[i - intoOffset] += sign * counts[j];
            }
        }
        return toZero;
    }

    /** The index at a scale {@code by} lower: floor(index / 2^by), which Java's >> alone gets wrong past 31. */
    static int downscale(int index, int by) {
        return by >= 31 ? (index < 0 ? -1 : 0) : index >> by;
    }

    /** base^index at the given scale: the lower bound of bucket {@code index}, the upper bound of {@code index - 1}. */
    static double power(double index, int scale) {
        return Math.pow(2, Math.scalb(index, -scale));
    }

    static double upperBound(int index, int scale) {
        return power(index + 1.0, scale);
    }
}
