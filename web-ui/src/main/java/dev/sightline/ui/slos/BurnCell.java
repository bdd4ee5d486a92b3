package dev.sightline.ui.slos;

import dev.sightline.alerting.config.YamlNode;
import dev.sightline.alerting.slo.BurnRatePolicy;
import dev.sightline.alerting.slo.BurnWindow;
import dev.sightline.alerting.slo.SloTracker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An SLO's burn rate over one of the windows every status reports (5m to 3d), with the lowest threshold of the
 * SLO's alert pairs that use that window (as their long or their short window). A window above a page pair's
 * threshold reads red, above only a ticket pair's amber. One window above its threshold is not an alert (a pair
 * needs both of its windows above), but it is where to look.
 *
 * @param value     null when the window had no events
 * @param threshold null when no pair of the SLO's policy uses this window
 */
public record BurnCell(String window, Double value, Double threshold, Level level) {

    /** How far over its thresholds a window burns; {@link #cssClass} colours the cell. */
    public enum Level {
        NONE, TICKET, PAGE;

        public String cssClass() {
            return switch (this) {
                case NONE -> "";
                case TICKET -> "burn-ticket";
                case PAGE -> "burn-page";
            };
        }
    }

    /** A burn exactly at the threshold is not above it (the alerts' own rule). */
    private static final double ABOVE = 1 + 1e-9;

    /** One cell per window of {@link SloTracker#STATUS_WINDOWS}, in that order. */
    public static List<BurnCell> of(Map<String, Double> burnRates, BurnRatePolicy policy) {
        List<BurnCell> out = new ArrayList<>(SloTracker.STATUS_WINDOWS.size());
        for (Map.Entry<String, Duration> w : SloTracker.STATUS_WINDOWS.entrySet()) {
            Double page = lowest(policy.page(), w.getValue());
            Double ticket = lowest(policy.ticket(), w.getValue());
            Double value = burnRates.get(w.getKey());
            Level level = Level.NONE;
            if (value != null && page != null && value > page * ABOVE) {
                level = Level.PAGE;
            } else if (value != null && ticket != null && value > ticket * ABOVE) {
                level = Level.TICKET;
            }
            Double threshold = page;
            if (ticket != null && (threshold == null || ticket < threshold)) {
                threshold = ticket;
            }
            out.add(new BurnCell(w.getKey(), value, threshold, level));
        }
        return out;
    }

    /** The burn rate reported for {@code window}, null when the status reports none for it (a custom window). */
    static Double valueFor(Map<String, Double> burnRates, Duration window) {
        return burnRates.get(YamlNode.formatDuration(window));
    }

    public boolean above() {
        return level != Level.NONE;
    }

    private static Double lowest(List<BurnWindow> pairs, Duration window) {
        Double min = null;
        for (BurnWindow p : pairs) {
            if (p.longWindow().equals(window) || p.shortWindow().equals(window)) {
                min = min == null ? p.burnRate() : Math.min(min, p.burnRate());
            }
        }
        return min;
    }
}
