package dev.sightline.query.metrics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Exponential histogram quantiles against the exact quantile of the data they were built from (the ⌈q·n⌉-th
 * smallest value), which must lie within the relative error of one bucket, base − 1.
 */
class ExponentialHistogramQuantileTest {
    private static final double[] QS = {0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1};

    /** Buckets a data set the way an SDK does: value v > 0 in bucket i with base^i < v ≤ base^(i+1). */
    static ExponentialHistogram histogramOf(double[] values, int scale, double zeroThreshold) {
        TreeMap<Integer, Long> positive = new TreeMap<>();
        TreeMap<Integer, Long> negative = new TreeMap<>();
        long zero = 0;
        for (double v : values) {
            if (Math.abs(v) <= zeroThreshold) {
                zero++;
            } else {
                (v > 0 ? positive : negative).merge(index(Math.abs(v), scale), 1L, Long::sum);
            }
        }
        int po = positive.isEmpty() ? 0 : positive.firstKey();
        int no = negative.isEmpty() ? 0 : negative.firstKey();
        return new ExponentialHistogram(scale, zeroThreshold, zero, po, dense(positive, po), no, dense(negative, no));
    }

    static int index(double v, int scale) {
        int i = (int) Math.ceil(Math.log(v) / Math.log(2) * Math.scalb(1.0, scale)) - 1;
        // log() rounding can miss a boundary by one bucket; fix it against the bounds the quantile uses.
        while (ExponentialHistogram.power(i, scale) >= v) {
            i--;
        }
        while (ExponentialHistogram.power(i + 1.0, scale) < v) {
            i++;
        }
        return i;
    }

    private static double[] dense(TreeMap<Integer, Long> counts, int offset) {
        if (counts.isEmpty()) {
            return new double[0];
        }
        double[] out = new double[counts.lastKey() - offset + 1];
        counts.forEach((i, c) -> out[i - offset] = c);
        return out;
    }

    static double exact(double[] sorted, double q) {
        int k = (int) Math.max(1, Math.ceil(q * sorted.length));
        return sorted[k - 1];
    }

    static Stream<Arguments> dataSets() {
        Random r = new Random(42);
        return Stream.of(
                Arguments.of("uniform 0..1000", sample(10_000, () -> r.nextDouble() * 1000)),
                Arguments.of("log-normal latencies", sample(10_000, () -> Math.exp(3 + 1.5 * r.nextGaussian()))),
                Arguments.of("exponential", sample(10_000, () -> -Math.log(1 - r.nextDouble()) * 0.05)),
                Arguments.of("negative and positive around zero", sample(10_000, () -> r.nextGaussian() * 10)),
                Arguments.of("only negative", sample(5_000, () -> -Math.exp(r.nextGaussian()))),
                Arguments.of("with exact zeros", sample(5_000, () -> r.nextInt(4) == 0 ? 0 : r.nextDouble() * 50)),
                Arguments.of("tiny data set", new double[] {3.5}),
                Arguments.of("wide dynamic range", sample(5_000, () -> Math.pow(10, r.nextDouble() * 12 - 6))));
    }

    private static double[] sample(int n, DoubleSupplier next) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = next.getAsDouble();
        }
        return values;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dataSets")
    void everyQuantileIsWithinOneBucketOfTheExactOne(String what, double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        for (int scale : new int[] {-1, 0, 3, 8}) {
            ExponentialHistogram h = histogramOf(values, scale, 0);
            double relativeError = Math.pow(2, Math.scalb(1.0, -scale)) - 1;
            for (double q : QS) {
                double expected = exact(sorted, q);
                double actual = ExponentialHistogramQuantile.quantile(q, h);
                assertThat(actual).as("%s scale %d q %s", what, scale, q)
                        .isCloseTo(expected, within(Math.abs(expected) * relativeError * (1 + 1e-9)));
            }
        }
    }

    @Test
    void theZeroBucketWithoutAThresholdIsExactlyZero() {
        ExponentialHistogram h = histogramOf(new double[] {0, 0, 0, 5}, 3, 0);
        assertThat(ExponentialHistogramQuantile.quantile(0.5, h)).isZero();
    }

    @Test
    void theZeroBucketIsInterpolatedFromZeroWhenThereAreNoNegativeObservations() {
        // Four of five values within the threshold 0.01: the median (rank 2.5) is 2.5/4 of the way up [0, 0.01].
        ExponentialHistogram h = histogramOf(new double[] {0.001, 0.002, 0.003, 0.004, 5}, 3, 0.01);
        assertThat(h.zeroCount()).isEqualTo(4);
        assertThat(ExponentialHistogramQuantile.quantile(0.5, h)).isCloseTo(0.01 * 2.5 / 4, within(1e-15));
    }

    @Test
    void theZeroBucketSpansBothSidesWhenThereAreNegativeAndPositiveObservations() {
        ExponentialHistogram h = histogramOf(new double[] {-5, 0.001, -0.001, 5}, 3, 0.01);
        // rank 2 of 4: one negative below, then halfway through the two in [-0.01, 0.01].
        assertThat(ExponentialHistogramQuantile.quantile(0.5, h)).isCloseTo(0, within(1e-15));
    }

    @Test
    void noObservationsIsNaNAndQOutsideZeroToOneIsInfinite() {
        ExponentialHistogram empty = ExponentialHistogram.empty(3);
        assertThat(ExponentialHistogramQuantile.quantile(0.5, empty)).isNaN();
        ExponentialHistogram h = histogramOf(new double[] {1, 2, 3}, 3, 0);
        assertThat(ExponentialHistogramQuantile.quantile(-0.5, h)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(ExponentialHistogramQuantile.quantile(1.5, h)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(ExponentialHistogramQuantile.quantile(Double.NaN, h)).isNaN();
    }

    @Test
    void addingHistogramsOfDifferentScalesKeepsTheCoarserScaleAndEveryObservation() {
        Random r = new Random(7);
        double[] a = sample(3_000, () -> Math.exp(2 + r.nextGaussian()));
        double[] b = sample(3_000, () -> -Math.exp(1 + r.nextGaussian()));
        ExponentialHistogram sum = histogramOf(a, 6, 0).plus(histogramOf(b, 4, 0));
        ExponentialHistogram direct = histogramOf(concat(a, b), 4, 0);

        assertThat(sum.scale()).isEqualTo(4);
        assertThat(sum.count()).isEqualTo(6_000);
        assertThat(sum.positiveOffset()).isEqualTo(direct.positiveOffset());
        for (int j = 0; j < direct.positiveLength(); j++) {
            assertThat(sum.positive(j)).as("positive bucket %d", j).isEqualTo(direct.positive(j));
        }
        for (double q : QS) {
            assertThat(ExponentialHistogramQuantile.quantile(q, sum))
                    .isEqualTo(ExponentialHistogramQuantile.quantile(q, direct));
        }
    }

    @Test
    void subtractingAnEarlierCumulativeHistogramLeavesTheObservationsInBetween() {
        ExponentialHistogram earlier = histogramOf(new double[] {1, 2, 3}, 2, 0);
        ExponentialHistogram later = histogramOf(new double[] {1, 2, 3, 100, 200}, 2, 0);
        ExponentialHistogram increase = later.minus(earlier);
        assertThat(increase.count()).isEqualTo(2);
        assertThat(later.isResetFrom(earlier)).isFalse();
        assertThat(earlier.isResetFrom(later)).isTrue();
        assertThat(ExponentialHistogramQuantile.quantile(1, increase)).isCloseTo(200, within(200 * 0.19));
    }

    @Test
    void mergesFarApartInMagnitudeAreDownscaledToABoundedSize() {
        ExponentialHistogram tiny = histogramOf(new double[] {1e-300}, 20, 0);
        ExponentialHistogram huge = histogramOf(new double[] {1e300}, 20, 0);
        ExponentialHistogram sum = tiny.plus(huge);
        assertThat(sum.positiveLength()).isLessThanOrEqualTo(ExponentialHistogram.MAX_SPAN);
        assertThat(sum.count()).isEqualTo(2);
        assertThat(ExponentialHistogramQuantile.quantile(1, sum)).isCloseTo(1e300,
                within(1e300 * (Math.pow(2, Math.scalb(1.0, -sum.scale())) - 1)));
    }

    private static double[] concat(double[] a, double[] b) {
        double[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
