package dev.sightline.collector.limits;

import java.util.function.LongSupplier;

/**
 * Items per second with a burst, as a token bucket refilled continuously from a monotonic clock. A request larger
 * than the whole bucket passes when the bucket is full and leaves it in debt, so no request size is refused for
 * ever; the debt is paid back before anything else passes.
 */
public final class TokenBucket {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long ratePerSecond;
    private final long burst;
    private final LongSupplier nanoClock;
    private double tokens;
    private long refilledAt;

    /**
     * @param ratePerSecond items added per second, positive
     * @param burst         the bucket's size, at least 1
     * @param nanoClock     monotonic nanoseconds ({@link System#nanoTime} outside tests)
     */
    public TokenBucket(long ratePerSecond, long burst, LongSupplier nanoClock) {
        if (ratePerSecond <= 0 || burst <= 0) {
            throw new IllegalArgumentException("rate and burst must be positive, got " + ratePerSecond + " and " + burst);
        }
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.nanoClock = nanoClock;
        this.tokens = burst;
        this.refilledAt = nanoClock.getAsLong();
    }

    /**
     * Takes {@code items} tokens if there are enough.
     *
     * @return 0 when taken; otherwise the nanoseconds until they would be there (nothing is taken)
     */
    public synchronized long tryTake(long items) {
        refill();
        double needed = Math.min(items, burst);
        if (tokens >= needed) {
            tokens -= items;
            return 0;
        }
        return nanosFor(needed - tokens);
    }

    /** 0 when at least one token is there; otherwise the nanoseconds until one is. Takes nothing. */
    public synchronized long nanosUntilAvailable() {
        refill();
        return tokens >= 1 ? 0 : nanosFor(1 - tokens);
    }

    synchronized double tokens() {
        refill();
        return tokens;
    }

    public long ratePerSecond() {
        return ratePerSecond;
    }

    private long nanosFor(double missing) {
        return (long) Math.ceil(missing * NANOS_PER_SECOND / ratePerSecond);
    }

    private void refill() {
        long now = nanoClock.getAsLong();
        long elapsed = now - refilledAt;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + (double) elapsed * ratePerSecond / NANOS_PER_SECOND);
            refilledAt = now;
        }
    }
}
