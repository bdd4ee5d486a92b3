package dev.sightline.store.rollup;

import dev.sightline.store.testing.Distributions;
import dev.sightline.store.testing.Distributions.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RollupSketchAccuracyTest {

    static final double[] QUANTILES = {0, 0.01, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1};
    /** DDSketch's bound, plus room for the floating-point rounding of the bucket's representative value. */
    static final double TOLERANCE = LatencySketch.RELATIVE_ACCURACY + 1e-9;

    static void assertWithinRelativeAccuracy(LatencySketch sketch, long[] values) {
        for (double q : QUANTILES) {
            double exact = Distributions.exactQuantile(values, q);
            assertThat(sketch.quantileNanos(q)).as("q=%s", q).isCloseTo(exact, within(exact * TOLERANCE));
        }
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void everyQuantileIsWithinOnePercentOfTheExactValueAtItsRank(Shape shape) {
        Random rnd = new Random(shape.ordinal());
        long[] values = new long[20_000];
        LatencySketch sketch = LatencySketch.empty();
        for (int i = 0; i < values.length; i++) {
            values[i] = shape.draw(rnd);
            sketch.accept(values[i]);
        }

        assertThat(sketch.count()).isEqualTo(values.length);
        assertWithinRelativeAccuracy(sketch, values);
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void mergedPartsAnswerLikeTheWholeAndSurviveTheirEncoding(Shape shape) {
        Random rnd = new Random(100 + shape.ordinal());
        long[] values = new long[12_000];
        LatencySketch merged = LatencySketch.empty();
        for (int part = 0; part < 60; part++) {
            LatencySketch minute = LatencySketch.empty();
            for (int i = 0; i < 200; i++) {
                values[part * 200 + i] = shape.draw(rnd);
                minute.accept(values[part * 200 + i]);
            }
            merged.merge(LatencySketch.fromBytes(minute.toBytes()));
        }

        assertThat(merged.count()).isEqualTo(values.length);
        assertWithinRelativeAccuracy(merged, values);
    }

    @Test
    void theEncodingIsCompact() {
        Random rnd = new Random(5);
        LatencySketch sketch = LatencySketch.empty();
        for (int i = 0; i < 10_000; i++) {
            sketch.accept(Shape.LOGNORMAL.draw(rnd));
        }
        // About 450 buckets at 1 % over this range: a byte or two each, not 8.
        assertThat(sketch.toBytes().length).isLessThan(1500);
    }

    @Test
    void zeroAndNegativeDurationsStillCountAsRequests() {
        LatencySketch sketch = LatencySketch.empty();
        sketch.accept(0);
        sketch.accept(-5);
        sketch.accept(1000);

        assertThat(sketch.count()).isEqualTo(3);
        assertThat(sketch.quantileNanos(0)).isCloseTo(1.0, within(0.02));
        assertThat(LatencySketch.empty().quantileNanos(0.5)).isNaN();
        assertThatThrownBy(() -> sketch.quantileNanos(1.5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCopyIsIndependent() {
        LatencySketch a = LatencySketch.empty();
        a.accept(10);
        LatencySketch b = a.copy();
        b.accept(1_000_000);

        assertThat(a.count()).isEqualTo(1);
        assertThat(b.count()).isEqualTo(2);
    }
}
