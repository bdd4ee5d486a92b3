package dev.sightline.ui.metrics;

import dev.sightline.query.metrics.MetricFunction;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MetricUnitsTest {

    @Test
    void durationsReadAsDurationsWhateverTheirUnit() {
        assertThat(MetricUnits.format("ms", MetricFunction.QUANTILE, false).apply(37.5)).isEqualTo("38 ms");
        assertThat(MetricUnits.format("s", MetricFunction.QUANTILE, false).apply(1.5)).isEqualTo("1.50 s");
        assertThat(MetricUnits.format("us", MetricFunction.VALUE, false).apply(2500)).isEqualTo("2.50 ms");
        assertThat(MetricUnits.format("ms", MetricFunction.VALUE, false).apply(0)).isEqualTo("0 ms");
        assertThat(MetricUnits.format("ms", MetricFunction.VALUE, false).apply(Double.NaN)).isEqualTo("—");
    }

    @Test
    void ratesArePerSecondAndCountsOfObservationsDropTheUnit() {
        assertThat(MetricUnits.format("By", MetricFunction.RATE, false).apply(2)).isEqualTo("2 By/s");
        assertThat(MetricUnits.format("ms", MetricFunction.RATE, true).apply(0.5)).isEqualTo("0.5/s");
        assertThat(MetricUnits.format("ms", MetricFunction.INCREASE, true).apply(12)).isEqualTo("12");
        assertThat(MetricUnits.format("1", MetricFunction.VALUE, false).apply(0.25)).isEqualTo("0.25");
        assertThat(MetricUnits.format("{request}", MetricFunction.VALUE, false).apply(3)).isEqualTo("3 {request}");
    }
}
