package dev.sightline.ui.slos;

import dev.sightline.alerting.slo.BudgetPoint;
import dev.sightline.ui.chart.TimeChart;
import dev.sightline.ui.web.Format;

import java.util.List;

/**
 * The burn-down chart: budget left at the end of each hour of the window, from 100 % down to today's; an overspent
 * budget goes below zero, as far as it is overspent (how deep matters: it is how long the SLO stays broken once the
 * errors stop). Hours before the first event sit at 100 %, as the budget does.
 */
final class BurnDown {
    static final long HOUR_MILLIS = 3_600_000L;

    private BurnDown() {
    }

    /** Null without history (an SLO not evaluated yet). */
    static TimeChart of(List<BudgetPoint> history) {
        if (history.isEmpty()) {
            return null;
        }
        double[] left = new double[history.size()];
        for (int i = 0; i < left.length; i++) {
            left[i] = Math.min(1, history.get(i).budgetRemaining());
        }
        return TimeChart.of(history.get(0).hourStart().toEpochMilli(), HOUR_MILLIS,
                List.of(new TimeChart.Series("budget remaining", "s1", left)), Format::percent);
    }
}
