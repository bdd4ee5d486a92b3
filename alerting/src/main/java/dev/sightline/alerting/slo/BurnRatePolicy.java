package dev.sightline.alerting.slo;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * When an SLO's burn-rate alerts fire: the page fires when any {@code page} window pair burns too fast, the ticket
 * when any {@code ticket} pair does. An empty list turns that alert off.
 */
public record BurnRatePolicy(List<BurnWindow> page, List<BurnWindow> ticket, String pageRunbook,
                             String ticketRunbook) {
    public static final String PAGE_RUNBOOK = "slo-fast-burn";
    public static final String TICKET_RUNBOOK = "slo-slow-burn";

    /**
     * The SRE Workbook's recommendation for a 30-day window: page when 2 % of the budget goes in an hour (14.4×) or
     * 5 % in six hours (6×); ticket when 10 % goes in a day (3×) or 10 % in three days (1×).
     */
    public static final BurnRatePolicy DEFAULT = new BurnRatePolicy(
            List.of(BurnWindow.of(Duration.ofHours(1), Duration.ofMinutes(5), 14.4),
                    BurnWindow.of(Duration.ofHours(6), Duration.ofMinutes(30), 6)),
            List.of(BurnWindow.of(Duration.ofDays(1), Duration.ofHours(2), 3),
                    BurnWindow.of(Duration.ofDays(3), Duration.ofHours(6), 1)),
            PAGE_RUNBOOK, TICKET_RUNBOOK);

    public BurnRatePolicy {
        page = List.copyOf(page);
        ticket = List.copyOf(ticket);
        Objects.requireNonNull(pageRunbook, "pageRunbook");
        Objects.requireNonNull(ticketRunbook, "ticketRunbook");
    }

    /** The longest window of any pair; zero when both lists are empty. */
    public Duration longestWindow() {
        Duration max = Duration.ZERO;
        for (List<BurnWindow> pairs : List.of(page, ticket)) {
            for (BurnWindow w : pairs) {
                if (w.longWindow().compareTo(max) > 0) {
                    max = w.longWindow();
                }
            }
        }
        return max;
    }

    /** The shortest long window of any pair (1 h by default): below minEvents there, no alert can fire at all. */
    public Duration shortestLongWindow() {
        Duration min = null;
        for (List<BurnWindow> pairs : List.of(page, ticket)) {
            for (BurnWindow w : pairs) {
                if (min == null || w.longWindow().compareTo(min) < 0) {
                    min = w.longWindow();
                }
            }
        }
        return min == null ? Duration.ZERO : min;
    }
}
