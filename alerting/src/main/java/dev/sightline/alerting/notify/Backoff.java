package dev.sightline.alerting.notify;

import java.time.Duration;

/**
 * Delay before retry {@code n} of a failed delivery: {@code initial × 2^(n-1)}, at most {@code max}, spread by
 * ±{@code jitter} so receivers coming back are not hit by every sender at the same instant.
 */
public record Backoff(Duration initial, Duration max, double jitter) {
    public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), 0.2);

    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial ≤ max, not " + initial + " and " + max);
        }
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("backoff jitter must be in [0, 1), not " + jitter);
        }
    }

    /**
     * @param failedAttempts attempts made so far (1 after the first failure)
     * @param random         uniform in [0, 1)
     */
    public Duration delay(int failedAttempts, double random) {
        int doublings = Math.min(Math.max(failedAttempts - 1, 0), 30);
        long base = Math.min(max.toMillis(), initial.toMillis() << doublings);
        double factor = 1 - jitter + 2 * jitter * random;
        return Duration.ofMillis(Math.max(1, Math.round(base * factor)));
    }
}
