package dev.sightline.store.query;

import java.time.Instant;

/** A half-open time range [fromEpochNanos, toEpochNanos) in Unix epoch nanoseconds. */
public record TimeRange(long fromEpochNanos, long toEpochNanos) {
    public TimeRange {
        if (toEpochNanos < fromEpochNanos) {
            throw new IllegalArgumentException("time range ends (" + toEpochNanos + ") before it starts ("
                    + fromEpochNanos + ")");
        }
    }

    /** [from, to) of two instants. */
    public static TimeRange between(Instant from, Instant to) {
        return new TimeRange(epochNanos(from), epochNanos(to));
    }

    /** An instant as Unix epoch nanoseconds (throws past the year 2262, where a long ends). */
    public static long epochNanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    public static TimeRange all() {
        return new TimeRange(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    public boolean contains(long epochNanos) {
        return epochNanos >= fromEpochNanos && epochNanos < toEpochNanos;
    }

    /** True if [min, max] (inclusive, as kept for stored records) overlaps this range. */
    public boolean overlaps(long minNanos, long maxNanos) {
        return maxNanos >= fromEpochNanos && minNanos < toEpochNanos;
    }

    public long durationNanos() {
        return toEpochNanos - fromEpochNanos;
    }
}
