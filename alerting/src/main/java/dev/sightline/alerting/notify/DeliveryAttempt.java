package dev.sightline.alerting.notify;

import java.time.Instant;
import java.util.List;

/**
 * One entry of the delivery log.
 *
 * @param status       "firing" or "resolved", the notification's status
 * @param fingerprints the alerts sent (at most the first 100 are kept)
 * @param attempt      1 for the first try of a notification, 2 for its first retry, ...
 * @param httpStatus   the receiver's answer, null when there was none (timeout, connection refused)
 * @param error        why it failed (an error or the start of the answer's body), null when delivered
 */
public record DeliveryAttempt(long id, String receiver, String groupKey, String status, int alertCount,
                              List<String> fingerprints, int attempt, Instant at, DeliveryOutcome outcome,
                              Integer httpStatus, String error, long durationMs) {
    public DeliveryAttempt {
        fingerprints = List.copyOf(fingerprints);
    }
}
