package dev.sightline.collector.limits;

import java.time.Duration;

/**
 * A tenant sent faster than its ingest rate. Retryable: HTTP 429 with {@code Retry-After}, gRPC UNAVAILABLE with
 * {@code RetryInfo}, the delay computed from the tenant's token bucket.
 */
public final class IngestThrottledException extends RuntimeException {
    private final Duration retryAfter;

    public IngestThrottledException(String message, Duration retryAfter) {
        super(message, null, false, false);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
