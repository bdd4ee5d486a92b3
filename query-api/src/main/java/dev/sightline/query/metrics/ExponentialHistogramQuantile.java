package dev.sightline.query.metrics;

/**
 * The q-quantile of an {@link ExponentialHistogram}.
 *
 * <p>Method: walk the buckets from the most negative value to the most positive (negative buckets by falling
 * index, the zero bucket, positive buckets by rising index), skipping empty ones, until the running count reaches
 * rank = q × total. Inside that bucket the fraction f = (rank − count below) / bucket count is turned into a value
 * assuming observations spread evenly in log space, which is how the buckets themselves are laid out: in positive
 * bucket i the answer is base^(i+f), in negative bucket i it is −base^(i+1−f). The zero bucket is interpolated
 * linearly over [−threshold, threshold], narrowed to [0, threshold] when there are no negative observations and to
 * [−threshold, 0] when there are no positive ones; a zero threshold of 0 answers 0.
 *
 * <p>Because the rank is located exactly, the answer lies in the same bucket as the true quantile (the
 * ⌈q·n⌉-th smallest observation), so its relative error is below base − 1 (2^(2^−scale) − 1: 4.4 % at
 * scale 4, 0.27 % at scale 8).
 *
 * <p>Special cases as PromQL: q NaN or no observations → NaN, q &lt; 0 → -Inf, q &gt; 1 → +Inf.
 */
public final class ExponentialHistogramQuantile {

    private ExponentialHistogramQuantile() {
    }

    public static double quantile(double q, ExponentialHistogram h) {
        if (Double.isNaN(q)) {
            return Double.NaN;
        }
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        double total = h.count();
        if (!(total > 0)) {
            return Double.NaN;
        }
        double rank = q * total;
        double below = 0;
        double lastValue = Double.NaN;
        for (int j = h.negativeLength() - 1; j >= 0; j--) {
            double c = h.negative(j);
            if (c <= 0) {
                continue;
            }
            if (below + c >= rank) {
                double f = fraction(rank, below, c);
                return -ExponentialHistogram.power(h.negativeOffset() + j + 1 - f, h.scale());
            }
            below += c;
            lastValue = -ExponentialHistogram.power(h.negativeOffset() + j, h.scale());
        }
        double zero = h.zeroCount();
        if (zero > 0) {
            if (below + zero >= rank) {
                if (h.zeroThreshold() == 0) {
                    return 0;
                }
                double lower = h.hasNegative() ? -h.zeroThreshold() : 0;
                double upper = h.hasPositive() || !h.hasNegative() ? h.zeroThreshold() : 0;
                return lower + (upper - lower) * fraction(rank, below, zero);
            }
            below += zero;
            lastValue = h.hasPositive() || !h.hasNegative() ? h.zeroThreshold() : 0;
        }
        for (int j = 0; j < h.positiveLength(); j++) {
            double c = h.positive(j);
            if (c <= 0) {
                continue;
            }
            if (below + c >= rank) {
                return ExponentialHistogram.power(h.positiveOffset() + j + fraction(rank, below, c), h.scale());
            }
            below += c;
            lastValue = ExponentialHistogram.upperBound(h.positiveOffset() + j, h.scale());
        }
        // Only float rounding of the running sum can leave the rank unreached: answer the highest bound seen.
        return lastValue;
    }

    private static double fraction(double rank, double below, double count) {
        return Math.max(0, Math.min(1, (rank - below) / count));
    }
}
