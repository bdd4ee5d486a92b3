package dev.sightline.ui.slos;

import dev.sightline.alerting.alert.AlertState;
import dev.sightline.alerting.engine.AlertView;

import java.util.Locale;

/**
 * The state of one of an SLO's two burn-rate alerts after the last evaluation round: {@code page} (fast burn) or
 * {@code ticket} (slow burn).
 *
 * @param enabled     false when the SLO's policy has no pair for this alert (an empty list turns it off)
 * @param fingerprint the alert's, to link it; null when it is neither pending, firing nor recently resolved
 */
public record SloAlert(String severity, String name, boolean enabled, String fingerprint, AlertState state,
                       boolean silenced, boolean inhibited) {

    static SloAlert of(String severity, String name, boolean enabled, AlertView view) {
        if (view == null) {
            return new SloAlert(severity, name, enabled, null, null, false, false);
        }
        return new SloAlert(severity, name, enabled, view.alert().fingerprint(), view.alert().state(),
                !view.suppression().silencedBy().isEmpty(), view.suppression().inhibitedBy() != null);
    }

    /** firing, pending, resolved, ok (not violating) or off. */
    public String label() {
        if (!enabled) {
            return "off";
        }
        return state == null ? "ok" : state.name().toLowerCase(Locale.ROOT);
    }

    public String cssClass() {
        return "state-" + label();
    }

    public boolean firing() {
        return state == AlertState.FIRING;
    }
}
