package dev.sightline.query.signals;

import dev.sightline.store.query.TimeRange;

/**
 * A time range in whole rollup minutes: every minute that overlaps the range counts, and rates divide by the
 * seconds those minutes cover, cut at the range's end (so "the last 5 minutes" ending mid-minute is not diluted by
 * the part of the minute that has not happened yet).
 */
public record Window(long fromMinute, long toMinute, double seconds) {
    static final long MINUTE_NANOS = 60_000_000_000L;

    public static Window of(TimeRange range) {
        long from = Math.floorDiv(range.fromEpochNanos(), MINUTE_NANOS);
        long to = Math.floorDiv(range.toEpochNanos() - 1, MINUTE_NANOS) + 1;
        long end = Math.min(to * MINUTE_NANOS, range.toEpochNanos());
        double seconds = Math.max(1e-9, (end - from * MINUTE_NANOS) / 1e9);
        return new Window(from, Math.max(to, from + 1), seconds);
    }

    long minutes() {
        return toMinute - fromMinute;
    }
}
