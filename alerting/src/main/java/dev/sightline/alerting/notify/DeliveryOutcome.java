package dev.sightline.alerting.notify;

import java.util.Locale;

/** What became of one delivery attempt. */
public enum DeliveryOutcome {
    /** The receiver answered 2xx. */
    DELIVERED,
    /** Failed in a way worth retrying (5xx, 429, timeout, connection error); another attempt is scheduled. */
    RETRYING,
    /** Will not be retried: a 4xx other than 429, a redirect, or still failing after the give-up time. */
    FAILED,
    /** Failed, and a newer notification of the same group replaced it before a retry. */
    SUPERSEDED,
    /** Never attempted: the receiver's queue was full (the receiver has been failing for long). */
    DROPPED;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
