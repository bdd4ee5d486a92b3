package dev.sightline.alerting.slo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An SLO's error budget as of the tracker's last round.
 *
 * @param asOf             end of the last complete minute counted (windows end here, exclusive)
 * @param windowStart      the SLO window runs from here to {@code asOf}: the window's whole hours before the
 *                         current hour, plus the current hour so far
 * @param sli              good / total over the window; null without events
 * @param errorBudget      bad events allowed: (1 − objective) × total
 * @param consumed         bad events in the window
 * @param budgetRemaining  1 − consumed / errorBudget; 1 without events; negative once overspent
 * @param burnRates        by window ({@code 5m, 30m, 1h, 2h, 6h, 1d, 3d}); a value is null without events in it
 * @param timeToExhaustion at the last hour's burn rate, when the remaining budget is gone: remaining × window ÷
 *                         burn(1h). Null when the last hour did not burn (or had no events) or the budget is
 *                         already gone. Ignores events leaving the window, so the budget can last longer.
 * @param minEventsMet     the shortest long window of the SLO's alert pairs (1 h by default) holds at least
 *                         {@code minEvents}; when false, no burn-rate alert of it can fire
 * @param history          one point per hour of the window, oldest first
 */
public record SloStatus(SloDefinition slo, Instant asOf, Instant windowStart, long totalEvents, long goodEvents,
                        Double sli, double errorBudget, long consumed, double budgetRemaining,
                        Map<String, Double> burnRates, Duration timeToExhaustion, boolean minEventsMet,
                        List<BudgetPoint> history) {
    public SloStatus {
        burnRates = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(burnRates));
        history = List.copyOf(history);
    }

    public SloStatus withoutHistory() {
        return new SloStatus(slo, asOf, windowStart, totalEvents, goodEvents, sli, errorBudget, consumed,
                budgetRemaining, burnRates, timeToExhaustion, minEventsMet, List.of());
    }
}
