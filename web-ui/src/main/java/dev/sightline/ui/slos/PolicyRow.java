package dev.sightline.ui.slos;

import dev.sightline.alerting.config.YamlNode;
import dev.sightline.alerting.slo.BurnRatePolicy;
import dev.sightline.alerting.slo.BurnWindow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One window pair of an SLO's burn-rate policy with the current burn over both of its windows: the pair trips
 * when both are above its rate (and the long window holds at least {@code min_events}). A window the status does
 * not report (a custom one, say 4h) shows no value rather than a guess.
 */
public record PolicyRow(String severity, String longWindow, String shortWindow, double threshold, Double longBurn,
                        Double shortBurn) {
    private static final double ABOVE = 1 + 1e-9;

    static List<PolicyRow> of(BurnRatePolicy policy, Map<String, Double> burnRates) {
        List<PolicyRow> out = new ArrayList<>();
        for (BurnWindow w : policy.page()) {
            out.add(row("page", w, burnRates));
        }
        for (BurnWindow w : policy.ticket()) {
            out.add(row("ticket", w, burnRates));
        }
        return out;
    }

    private static PolicyRow row(String severity, BurnWindow w, Map<String, Double> burnRates) {
        return new PolicyRow(severity, YamlNode.formatDuration(w.longWindow()),
                YamlNode.formatDuration(w.shortWindow()), w.burnRate(), BurnCell.valueFor(burnRates, w.longWindow()),
                BurnCell.valueFor(burnRates, w.shortWindow()));
    }

    public boolean longAbove() {
        return longBurn != null && longBurn > threshold * ABOVE;
    }

    public boolean shortAbove() {
        return shortBurn != null && shortBurn > threshold * ABOVE;
    }

    /** Both windows above the rate: this pair is what makes the alert fire (given enough events). */
    public boolean tripped() {
        return longAbove() && shortAbove();
    }
}
