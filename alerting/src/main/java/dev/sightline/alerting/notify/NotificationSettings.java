package dev.sightline.alerting.notify;

import java.time.Duration;
import java.util.Objects;

/**
 * How notifications are sent, beyond each receiver's own options.
 *
 * @param externalUrl        Sightline's URL as receivers and people reach it; the base of {@code generatorURL}
 *                           and evidence links, sent as {@code externalURL}
 * @param version            Sightline's version, for the {@code User-Agent: Sightline/<version>} header
 * @param backoff            delays between retries
 * @param giveUpAfter        a delivery still failing this long after its first attempt is abandoned (logged)
 * @param queueCapacity      deliveries waiting per receiver (one per group at most: a newer notification of a group
 *                           replaces its waiting one); beyond it the oldest waiting retry is dropped
 * @param concurrency        requests in flight at once per receiver (one per group at most)
 * @param deliveryLogRows    delivery log entries kept
 * @param deliveryLogMaxAge  delivery log entries older than this are deleted
 */
public record NotificationSettings(String externalUrl, String version, Backoff backoff, Duration giveUpAfter,
                                   int queueCapacity, int concurrency, int deliveryLogRows,
                                   Duration deliveryLogMaxAge) {
    public NotificationSettings {
        Objects.requireNonNull(externalUrl, "externalUrl");
        version = version == null || version.isBlank() ? "dev" : version;
        Objects.requireNonNull(backoff, "backoff");
        if (giveUpAfter.isNegative() || queueCapacity < 1 || concurrency < 1 || deliveryLogRows < 1
                || deliveryLogMaxAge.isNegative() || deliveryLogMaxAge.isZero()) {
            throw new IllegalArgumentException("notification limits must be positive");
        }
    }

    /** Retries 1 s doubling to 60 s for up to 1 h; 1,000 waiting and 4 in flight per receiver; log 10,000 / 7 d. */
    public static NotificationSettings defaults(String externalUrl, String version) {
        return new NotificationSettings(externalUrl, version, Backoff.DEFAULT, Duration.ofHours(1), 1000, 4, 10_000,
                Duration.ofDays(7));
    }

    public NotificationSettings withRetries(Backoff newBackoff, Duration newGiveUpAfter) {
        return new NotificationSettings(externalUrl, version, newBackoff, newGiveUpAfter, queueCapacity, concurrency,
                deliveryLogRows, deliveryLogMaxAge);
    }

    public NotificationSettings withQueue(int newCapacity, int newConcurrency) {
        return new NotificationSettings(externalUrl, version, backoff, giveUpAfter, newCapacity, newConcurrency,
                deliveryLogRows, deliveryLogMaxAge);
    }
}
