package dev.sightline.ui.slos;

import dev.sightline.alerting.slo.BudgetPoint;
import dev.sightline.ui.chart.TimeChart;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BudgetBarTest {
    @Test
    void theBarIsTheFractionLeftAndEmptyOnceOverspent() {
        assertThat(BudgetBar.of(1)).isEqualTo(new BudgetBar(BudgetBar.WIDTH, "budget-ok"));
        assertThat(BudgetBar.of(0.5).fill()).isEqualTo(BudgetBar.WIDTH / 2.0);
        assertThat(BudgetBar.of(0.1)).isEqualTo(new BudgetBar(12, "budget-low"));
        assertThat(BudgetBar.of(0)).isEqualTo(new BudgetBar(0, "budget-out"));
        assertThat(BudgetBar.of(-499)).isEqualTo(new BudgetBar(0, "budget-out"));
        assertThat(BudgetBar.of(Double.NaN).fill()).isZero();
    }

    @Test
    void theBurnDownIsHourlyAndGoesBelowZeroWhenOverspent() {
        Instant h0 = Instant.parse("2026-05-01T00:00:00Z");
        TimeChart chart = BurnDown.of(List.of(new BudgetPoint(h0, 1, null, 0),
                new BudgetPoint(h0.plusSeconds(3600), 0.5, 0.9995, 1000),
                new BudgetPoint(h0.plusSeconds(7200), -3, 0.5, 1000)));
        assertThat(chart.columns()).hasSize(3);
        assertThat(chart.columns().get(2).title()).startsWith("2026-05-01 02:00Z").contains("budget remaining: -300.0 %");
        assertThat(chart.columns().get(1).title()).contains("budget remaining: 50.0 %");
        assertThat(chart.yTicks().get(0).label()).isEqualTo("-300.0 %");
        assertThat(chart.yTicks().get(chart.yTicks().size() - 1).label()).isEqualTo("100.0 %");
        // The last point sits on the plot's floor: -300 % is the bottom of the axis.
        String path = chart.lines().get(0).path();
        double lastY = Double.parseDouble(path.substring(path.lastIndexOf(',') + 1));
        assertThat(lastY).isEqualTo(chart.plotBottom());
        assertThat(BurnDown.of(List.of())).isNull();
    }
}
