package dev.sightline.ui.traces;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LatencyClassTest {
    private static final double P95 = 100_000_000;

    @Test
    void atOrBelowTheP95IsWithin() {
        assertThat(LatencyClass.of(50_000_000, P95)).isEqualTo(LatencyClass.WITHIN);
        assertThat(LatencyClass.of(100_000_000, P95)).isEqualTo(LatencyClass.WITHIN);
    }

    @Test
    void theSketchErrorDoesNotMakeASpanAtTheP95Slow() {
        assertThat(LatencyClass.of(100_900_000, P95)).isEqualTo(LatencyClass.WITHIN);
        assertThat(LatencyClass.of(101_100_000, P95)).isEqualTo(LatencyClass.ABOVE);
    }

    @Test
    void upToTwiceTheP95IsAboveAndBeyondIsFarAbove() {
        assertThat(LatencyClass.of(150_000_000, P95)).isEqualTo(LatencyClass.ABOVE);
        assertThat(LatencyClass.of(200_000_000, P95)).isEqualTo(LatencyClass.ABOVE);
        assertThat(LatencyClass.of(210_000_000, P95)).isEqualTo(LatencyClass.FAR_ABOVE);
    }

    @Test
    void withoutABaselineThereIsNoJudgement() {
        assertThat(LatencyClass.of(1, null)).isEqualTo(LatencyClass.NO_BASELINE);
        assertThat(LatencyClass.of(1, Double.NaN)).isEqualTo(LatencyClass.NO_BASELINE);
        assertThat(LatencyClass.of(1, 0.0)).isEqualTo(LatencyClass.NO_BASELINE);
    }
}
