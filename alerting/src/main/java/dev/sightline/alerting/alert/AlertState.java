package dev.sightline.alerting.alert;

/**
 * An alert instance's state. There is no stored "inactive": a series that does not violate its condition has no
 * instance, as in Prometheus.
 */
public enum AlertState {
    /** Violating, but not yet for the rule's {@code for} duration. */
    PENDING,
    FIRING,
    /** Was firing and stopped; kept for a while so the resolved notification and the UI can show it. */
    RESOLVED
}
