package dev.sightline.store.query;

/** A half-open time range [fromEpochNanos, toEpochNanos) in Unix epoch nanoseconds. */
public record TimeRange(long fromEpochNanos, long toEpochNanos) {
    public TimeRange {
        if (toEpochNanos < fromEpochNanos) {
            throw new IllegalArgumentException("time range ends (" + toEpochNanos + ") before it starts ("
                    + fromEpochNanos + ")");
        }
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
