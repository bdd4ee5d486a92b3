package dev.sightline.store;

import java.time.Duration;

/** The store refuses an append because its queues are full; the client should retry after {@link #retryAfter()}. */
public final class StoreOverloadedException extends RuntimeException {
    private final Duration retryAfter;

    public StoreOverloadedException(String reason, Duration retryAfter) {
        super(reason, null, false, false);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
