package dev.sightline.bench.alerting;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The clock the store, the registries, silences and the notifier share: set by hand while rounds are simulated,
 * then switched to the system clock for the live phase.
 */
final class BenchClock extends Clock {
    private volatile Instant fixed;

    BenchClock(Instant start) {
        this.fixed = start;
    }

    void set(Instant now) {
        fixed = now;
    }

    void followSystem() {
        fixed = null;
    }

    @Override
    public Instant instant() {
        Instant f = fixed;
        return f != null ? f : Instant.now();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
