package dev.sightline.ui.services;

import dev.sightline.query.metrics.SaturationSignal;
import dev.sightline.query.signals.Signals;

/**
 * One line of the services table: the golden signals, the most saturated resource, the worst SLO and the alerts
 * firing for the service, and how healthy that adds up to.
 *
 * @param saturation   the highest utilisation reading, null when the service sends none (or rows not shown)
 * @param sloName      the service's SLO with the least budget left, null when it has none
 * @param sloBudget    that SLO's remaining budget as a fraction (negative when overspent)
 * @param firingAlerts alerts firing with this service as their {@code service} label
 * @param trend        sparklines, null for rows not on the current page
 */
public record ServiceRow(Signals signals, SaturationSignal saturation, String sloName, Double sloBudget,
                         int firingAlerts, int pendingAlerts, Health health, ServiceTrend trend) {

    /** Worst first: the order of the table and the colour of the row. */
    public enum Health {
        CRITICAL, WARNING, OK, IDLE;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public String cssClass() {
            return "health-" + name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public String name() {
        return signals.service();
    }

    public ServiceRow withDetails(SaturationSignal s, ServiceTrend t) {
        return new ServiceRow(signals, s, sloName, sloBudget, firingAlerts, pendingAlerts, health, t);
    }

    static Health healthOf(Signals s, Double sloBudget, int firing, int pending) {
        Double errors = s.errorRatio();
        if (firing > 0 || (sloBudget != null && sloBudget < 0) || (errors != null && errors >= 0.05)) {
            return Health.CRITICAL;
        }
        if (pending > 0 || (sloBudget != null && sloBudget < 0.25) || (errors != null && errors >= 0.01)) {
            return Health.WARNING;
        }
        return s.noData() ? Health.IDLE : Health.OK;
    }
}
