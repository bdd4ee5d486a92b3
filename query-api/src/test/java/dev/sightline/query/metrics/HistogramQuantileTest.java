package dev.sightline.query.metrics;

import dev.sightline.query.metrics.HistogramQuantile.Bucket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code histogram_quantile} parity: each expected value was worked out by hand with Prometheus' bucketQuantile
 * (promql/quantile.go), or is taken from Prometheus' own promqltest/testdata/histograms.test where marked.
 */
class HistogramQuantileTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    /** Cumulative buckets from (le, count) pairs. */
    private static List<Bucket> le(double... pairs) {
        List<Bucket> out = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.add(new Bucket(pairs[i], pairs[i + 1]));
        }
        return out;
    }

    private static final List<Bucket> TYPICAL = le(1, 2, 2, 5, 4, 9, INF, 10);
    // histograms.test, "testhistogram" at 50m: one histogram with positive bounds, one starting below zero.
    private static final List<Bucket> PROM_POSITIVE = le(0.1, 50, 0.2, 70, 1, 110, INF, 120);
    private static final List<Bucket> PROM_NEGATIVE = le(-0.2, 10, -0.1, 20, 0.3, 20, INF, 30);
    // histograms.test, "testhistogram3" at 50m: nothing in +Inf.
    private static final List<Bucket> PROM3_POSITIVE = le(0, 0, 0.1, 50, 0.2, 70, 1, 110, INF, 110);
    private static final List<Bucket> PROM3_NEGATIVE = le(-0.25, 0, -0.2, 10, -0.1, 20, 0.3, 20, INF, 20);
    // histograms.test, "testhistogram2" at 7m: q(1/6), q(1/2), q(5/6) in the middle of a bucket.
    private static final List<Bucket> PROM2 = le(0, 0, 2, 1, 4, 2, 6, 3, INF, 3);

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("median on a bucket's upper bound", TYPICAL, 0.5, 2.0),
                Arguments.of("interpolated inside a middle bucket", TYPICAL, 0.25, 1 + (2.5 - 2) / 3),
                Arguments.of("lowest bucket interpolates from 0", TYPICAL, 0.1, 0.5),
                Arguments.of("rank exactly at a bucket's count", TYPICAL, 0.9, 4.0),
                Arguments.of("rank in +Inf: upper bound of the second-highest bucket", TYPICAL, 0.95, 4.0),
                Arguments.of("q=1 lands in +Inf", TYPICAL, 1.0, 4.0),
                Arguments.of("q=0 is the lower edge of the lowest bucket", TYPICAL, 0.0, 0.0),
                Arguments.of("input in any order", le(INF, 10, 4, 9, 1, 2, 2, 5), 0.25, 1 + (2.5 - 2) / 3),
                Arguments.of("empty buckets are skipped over", le(1, 3, 2, 3, 3, 3, 5, 6, INF, 6), 0.5, 1.0),
                Arguments.of("empty buckets below the answer", le(1, 3, 2, 3, 3, 3, 5, 6, INF, 6), 0.75, 4.0),
                Arguments.of("q=0 on an empty lowest bucket is NaN (0/0, as in Prometheus)",
                        le(1, 0, 2, 4, INF, 4), 0.0, Double.NaN),
                Arguments.of("all counts zero", le(1, 0, 2, 0, INF, 0), 0.5, Double.NaN),
                Arguments.of("no +Inf bucket", le(1, 1, 2, 2), 0.5, Double.NaN),
                Arguments.of("a single (+Inf) bucket", le(INF, 5), 0.5, Double.NaN),
                Arguments.of("no buckets", le(), 0.5, Double.NaN),
                Arguments.of("only +Inf observations", le(1, 1, 2, 2, INF, 10), 0.5, 2.0),
                Arguments.of("non-monotonic counts are lifted to their running maximum",
                        le(1, 5, 2, 3, 4, 8, INF, 10), 0.5, 1.0),
                Arguments.of("non-monotonic: answer above the dip", le(1, 5, 2, 3, 4, 8, INF, 10), 0.7,
                        2 + 2.0 * 2 / 3),
                Arguments.of("negative lowest bound is returned for ranks in it",
                        le(-1, 2, 0, 4, 1, 8, INF, 8), 0.1, -1.0),
                Arguments.of("negative buckets interpolate between their bounds",
                        le(-1, 2, 0, 4, 1, 8, INF, 8), 0.4, -0.4),
                Arguments.of("zero lowest bound is returned for ranks in it", le(0, 3, 1, 6, INF, 6), 0.3, 0.0),
                Arguments.of("duplicate bounds are added together", le(1, 1, 1, 1, 2, 5, INF, 5), 0.2, 0.5),
                Arguments.of("float noise between counts does not move the answer up a bucket",
                        le(1, 0, 2, 10, 3, 10.000000000005, INF, 10.000000000005), 1.0, 2.0),
                Arguments.of("q < 0", TYPICAL, -0.1, Double.NEGATIVE_INFINITY),
                Arguments.of("q > 1", TYPICAL, 1.01, Double.POSITIVE_INFINITY),
                Arguments.of("q NaN", TYPICAL, Double.NaN, Double.NaN),
                Arguments.of("q < 0 even without observations", le(1, 0, INF, 0), -1.0, Double.NEGATIVE_INFINITY),

                Arguments.of("histograms.test testhistogram q=0.2", PROM_POSITIVE, 0.2, 0.048),
                Arguments.of("histograms.test testhistogram q=0.5", PROM_POSITIVE, 0.5, 0.15),
                Arguments.of("histograms.test testhistogram q=0.8", PROM_POSITIVE, 0.8, 0.72),
                Arguments.of("histograms.test testhistogram q=0", PROM_POSITIVE, 0.0, 0.0),
                Arguments.of("histograms.test testhistogram q=1", PROM_POSITIVE, 1.0, 1.0),
                Arguments.of("histograms.test negative q=0.2", PROM_NEGATIVE, 0.2, -0.2),
                Arguments.of("histograms.test negative q=0.5", PROM_NEGATIVE, 0.5, -0.15),
                Arguments.of("histograms.test negative q=0.8", PROM_NEGATIVE, 0.8, 0.3),
                Arguments.of("histograms.test negative q=0", PROM_NEGATIVE, 0.0, -0.2),
                Arguments.of("histograms.test negative q=1", PROM_NEGATIVE, 1.0, 0.3),
                Arguments.of("histograms.test testhistogram3 q=0", PROM3_POSITIVE, 0.0, 0.0),
                Arguments.of("histograms.test testhistogram3 q=0.25", PROM3_POSITIVE, 0.25, 0.055),
                Arguments.of("histograms.test testhistogram3 q=0.5", PROM3_POSITIVE, 0.5, 0.125),
                Arguments.of("histograms.test testhistogram3 q=0.75", PROM3_POSITIVE, 0.75, 0.45),
                Arguments.of("histograms.test testhistogram3 q=1", PROM3_POSITIVE, 1.0, 1.0),
                Arguments.of("histograms.test testhistogram3 negative q=0", PROM3_NEGATIVE, 0.0, -0.25),
                Arguments.of("histograms.test testhistogram3 negative q=0.25", PROM3_NEGATIVE, 0.25, -0.225),
                Arguments.of("histograms.test testhistogram3 negative q=0.5", PROM3_NEGATIVE, 0.5, -0.2),
                Arguments.of("histograms.test testhistogram3 negative q=0.75", PROM3_NEGATIVE, 0.75, -0.15),
                Arguments.of("histograms.test testhistogram3 negative q=1", PROM3_NEGATIVE, 1.0, -0.1),
                Arguments.of("histograms.test testhistogram2 q=1/6", PROM2, 1.0 / 6, 1.0),
                Arguments.of("histograms.test testhistogram2 q=1/2", PROM2, 0.5, 3.0),
                Arguments.of("histograms.test testhistogram2 q=5/6", PROM2, 5.0 / 6, 5.0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void matchesPrometheus(String what, List<Bucket> buckets, double q, double expected) {
        double actual = HistogramQuantile.quantile(q, buckets);
        if (Double.isNaN(expected)) {
            assertThat(actual).isNaN();
        } else if (Double.isInfinite(expected)) {
            assertThat(actual).isEqualTo(expected);
        } else {
            assertThat(actual).isCloseTo(expected, within(1e-12));
        }
    }

    @Test
    void doesNotModifyItsInput() {
        List<Bucket> buckets = le(1, 5, 2, 3, INF, 10);
        List<Bucket> copy = List.copyOf(buckets);
        HistogramQuantile.quantile(0.5, buckets);
        assertThat(buckets).isEqualTo(copy);
    }

    @Test
    void otlpExplicitBucketsBecomeCumulativeLeBucketsEndingInInf() {
        assertThat(HistogramQuantile.cumulative(List.of(1.0, 2.0, 4.0), new double[] {2, 3, 4, 1}))
                .isEqualTo(TYPICAL);
    }

    @Test
    void otlpHistogramWithoutBucketsOrWithMismatchedCountsHasNoBuckets() {
        assertThat(HistogramQuantile.cumulative(List.of(), new double[0])).isNull();
        assertThat(HistogramQuantile.cumulative(List.of(1.0), new double[] {1, 2, 3})).isNull();
    }
}
