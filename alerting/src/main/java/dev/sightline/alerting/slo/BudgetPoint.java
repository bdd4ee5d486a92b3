package dev.sightline.alerting.slo;

import java.time.Instant;

/**
 * One hour of an SLO's burn-down chart: the budget left at the end of the hour (consumed counted from the start
 * of the window, against the whole window's budget, so the series falls from 1 to today's remaining) and the SLI
 * of that hour alone (null when it had no events).
 */
public record BudgetPoint(Instant hourStart, double budgetRemaining, Double sli, long events) {
}
