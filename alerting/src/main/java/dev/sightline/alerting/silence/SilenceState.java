package dev.sightline.alerting.silence;

import java.util.Locale;

/** Alertmanager's silence states, as its API spells them in lower case. */
public enum SilenceState {
    /** Starts in the future. */
    PENDING,
    /** Silencing now: startsAt ≤ now < endsAt. */
    ACTIVE,
    /** Ended (or expired by hand); kept a while for the record. */
    EXPIRED;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
