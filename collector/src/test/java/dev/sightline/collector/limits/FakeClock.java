package dev.sightline.collector.limits;

import java.time.Duration;
import java.util.function.LongSupplier;

/** Monotonic nanoseconds that move only when told. */
final class FakeClock implements LongSupplier {
    private long nanos = 1_000_000_000L;

    @Override
    public long getAsLong() {
        return nanos;
    }

    void advance(Duration d) {
        nanos += d.toNanos();
    }
}
