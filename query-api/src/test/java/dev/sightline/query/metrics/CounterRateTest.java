package dev.sightline.query.metrics;

import dev.sightline.query.metrics.CounterRate.Sample;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code rate()} / {@code increase()} parity. The series and expected values are those of Prometheus'
 * promqltest/testdata/functions.test (Prometheus 3, left-open windows); times are in minutes.
 */
class CounterRateTest {
    private static final long MINUTE = 60_000_000_000L;

    /** One sample every {@code intervalMinutes} from t=0 with the given values; start times unknown. */
    private static List<Sample> every(int intervalMinutes, double... values) {
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            out.add(new Sample(i * intervalMinutes * MINUTE, 0, values[i]));
        }
        return out;
    }

    /** Prometheus' "a+bxn" series notation. */
    private static double[] series(double start, double step, int times) {
        double[] v = new double[times + 1];
        for (int i = 0; i <= times; i++) {
            v[i] = start + step * i;
        }
        return v;
    }

    private static double[] concat(double[] a, double[] b) {
        double[] out = new double[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static OptionalDouble increase(List<Sample> samples, long atMinutes, long rangeMinutes) {
        return CounterRate.cumulative(samples, (atMinutes - rangeMinutes) * MINUTE, atMinutes * MINUTE, true, false);
    }

    private static OptionalDouble rate(List<Sample> samples, long atMinutes, long rangeMinutes) {
        return CounterRate.cumulative(samples, (atMinutes - rangeMinutes) * MINUTE, atMinutes * MINUTE, true, true);
    }

    @Test
    void increaseExtrapolatesToTheWindowStartUnlessTheCounterWouldGoBelowZero() {
        List<Sample> foo = every(5, series(0, 10, 10));
        List<Sample> bar = every(5, concat(series(0, 18, 5), series(0, 18, 5)));
        List<Sample> dings = every(5, series(10, 10, 10));
        List<Sample> bumms = every(5, series(1, 10, 10));

        assertThat(increase(foo, 50, 50).getAsDouble()).isCloseTo(100, within(1e-9));
        assertThat(increase(bar, 50, 50).getAsDouble()).isCloseTo(160, within(1e-9));
        assertThat(increase(dings, 50, 50).getAsDouble()).isCloseTo(100, within(1e-9));
        assertThat(increase(bumms, 50, 50).getAsDouble()).isCloseTo(100, within(1e-9));

        assertThat(increase(foo, 50, 100).getAsDouble()).isCloseTo(100, within(1e-9));
        assertThat(increase(bar, 50, 100).getAsDouble()).isCloseTo(162, within(1e-9));
        assertThat(increase(dings, 50, 100).getAsDouble()).isCloseTo(105, within(1e-9));
        assertThat(increase(bumms, 50, 100).getAsDouble()).isCloseTo(101, within(1e-9));
    }

    @Test
    void aDropIsAResetFromZero() {
        // "3 2" reads as "3 0 1 2": 7, not 1.
        assertThat(increase(every(5, 0, 1, 2, 3, 2, 3, 4), 30, 30).getAsDouble()).isCloseTo(7, within(1e-9));
    }

    @Test
    void resetsInTheMiddleAndAtTheEndOfTheWindow() {
        List<Sample> middle = every(5, concat(series(0, 27, 4), series(0, 27, 5)));
        assertThat(rate(middle, 50, 50).getAsDouble()).isCloseTo(0.08, within(1e-12));

        List<Sample> end = every(5, concat(series(0, 10, 9), new double[] {0, 10}));
        assertThat(rate(end, 50, 5)).isEmpty();
        assertThat(rate(end, 50, 6).getAsDouble()).isZero();
    }

    @Test
    void rateIsPerSecond() {
        assertThat(rate(every(5, series(0, 80, 10)), 50, 50).getAsDouble())
                .isCloseTo(0.26666666666666666, within(1e-15));
    }

    @Test
    void startIsExtrapolatedToTheZeroPointOrHalfAnIntervalWhicheverIsCloser() {
        double[] expectedAt10m = {0.5, 0.55, 0.6, 0.6, 0.6, 0.6};
        for (int start = 0; start <= 5; start++) {
            List<Sample> s = every(4, series(60 * start, 240, 10));
            assertThat(rate(s, 10, 20).getAsDouble()).as("start=%dm at 10m", start)
                    .isCloseTo(expectedAt10m[start], within(1e-12));
            assertThat(rate(s, 50, 20).getAsDouble()).as("start=%dm at 50m", start).isCloseTo(0.6, within(1e-12));
        }
    }

    @Test
    void fewerThanTwoSamplesHaveNoRate() {
        assertThat(rate(every(5, 1, 2), 5, 4)).isEmpty();
        assertThat(rate(List.of(), 5, 4)).isEmpty();
    }

    @Test
    void theSampleAtTheWindowStartIsOutside() {
        // (0, 10m] holds the samples at 5m and 10m only.
        List<Sample> s = every(5, 100, 110, 120);
        assertThat(increase(s, 10, 10).getAsDouble()).isCloseTo(20, within(1e-9));
    }

    @Test
    void aLaterStartTimeIsAResetEvenWithoutADrop() {
        // Started at 1m; restarted at 17m and counted to 50 by 20m: the 40 before the restart counts, and all of 50.
        List<Sample> s = List.of(new Sample(10 * MINUTE, MINUTE, 30), new Sample(15 * MINUTE, MINUTE, 40),
                new Sample(20 * MINUTE, 17 * MINUTE, 50));
        assertThat(CounterRate.isReset(s.get(0), s.get(1))).isFalse();
        assertThat(CounterRate.isReset(s.get(1), s.get(2))).isTrue();
        OptionalDouble increase = CounterRate.cumulative(s, 9 * MINUTE, 20 * MINUTE, true, false);
        double raw = 50 - 30 + 40;
        // The first sample is 1m after the window start, well within 1.1 intervals: extrapolated by 1m over 10m.
        assertThat(increase.getAsDouble()).isCloseTo(raw * 11 / 10, within(1e-9));
    }

    @Test
    void startTimeEqualToThePreviousPointOrUnknownIsNoReset() {
        Sample previous = new Sample(5 * MINUTE, 1, 40);
        assertThat(CounterRate.isReset(previous, new Sample(10 * MINUTE, 5 * MINUTE, 45))).isFalse();
        assertThat(CounterRate.isReset(previous, new Sample(10 * MINUTE, 0, 45))).isFalse();
        assertThat(CounterRate.isReset(previous, new Sample(10 * MINUTE, 10 * MINUTE, 45))).isFalse();
    }

    @Test
    void deltasAreSummedOverTheWindowWithoutExtrapolation() {
        List<Sample> deltas = every(1, 5, 3, 4, 8);
        // (1m, 3m] holds the deltas at 2m and 3m.
        assertThat(CounterRate.delta(deltas, MINUTE, 3 * MINUTE, false).getAsDouble()).isEqualTo(12);
        assertThat(CounterRate.delta(deltas, MINUTE, 3 * MINUTE, true).getAsDouble()).isEqualTo(12.0 / 120);
        assertThat(CounterRate.delta(deltas, 10 * MINUTE, 12 * MINUTE, true)).isEmpty();
    }
}
