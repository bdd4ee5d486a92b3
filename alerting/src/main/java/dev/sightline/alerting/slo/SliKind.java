package dev.sightline.alerting.slo;

import java.util.Locale;

/**
 * What an SLO counts as a good event. Both count only requests (SERVER and CONSUMER spans) of the SLO's service,
 * and of its operation when it names one.
 */
public enum SliKind {
    /** Good: a request that did not fail (status ERROR, or HTTP 5xx on a SERVER span, fails). Valid: every request. */
    AVAILABILITY,
    /**
     * Good: a successful request that took at most the threshold. Valid: successful requests only; failed ones are
     * the availability SLO's business, so an outage of fast 500s neither improves nor double-charges latency.
     */
    LATENCY;

    /** The spelling in SLO files and JSON: {@code availability}, {@code latency}. */
    public String fileName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Null for anything else. */
    static SliKind ofFileName(String text) {
        for (SliKind k : values()) {
            if (k.fileName().equals(text)) {
                return k;
            }
        }
        return null;
    }
}
