package dev.sightline.collector.ingest;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A budget of request bytes being decoded at once. Decoded OTLP takes several times its wire size on the
 * heap, so this is what keeps a burst of large requests from running the server out of memory.
 */
public final class InFlightBytes {
    private final long limit;
    private final AtomicLong inFlight = new AtomicLong();

    public InFlightBytes(long limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
        this.limit = limit;
    }

    /**
     * Reserves {@code bytes}, or returns false when that would pass the limit. A request larger than the whole
     * budget is still let through when nothing else is in flight, so no size under the body limit starves.
     */
    public boolean tryAcquire(long bytes) {
        while (true) {
            long current = inFlight.get();
            long next = current + bytes;
            if (next > limit && current > 0) {
                return false;
            }
            if (inFlight.compareAndSet(current, next)) {
                return true;
            }
        }
    }

    public void release(long bytes) {
        inFlight.addAndGet(-bytes);
    }

    public long inFlight() {
        return inFlight.get();
    }

    public long limit() {
        return limit;
    }
}
