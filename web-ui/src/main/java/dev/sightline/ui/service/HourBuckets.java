package dev.sightline.ui.service;

/**
 * Buckets of whole hours over a window of rollup minutes, for charts of long ranges. The first bucket starts at
 * the hour the window starts in, and every bucket is a whole number of hours, so a merged hour the store hands
 * back (one row at the hour's first minute) always falls inside one bucket and is never split. Minutes before the
 * window's start are not read: {@link #seconds} counts only the part of a bucket inside the window.
 *
 * @param fromMinute  first minute of the window (inclusive)
 * @param toMinute    end of the window (exclusive)
 * @param firstMinute start of the first bucket, on an hour
 */
public record HourBuckets(long fromMinute, long toMinute, long firstMinute, long bucketMinutes, int count) {
    static final long HOUR = 60;

    /** At most {@code maxPoints} buckets (but at least one hour each) covering [fromMinute, toMinute). */
    public static HourBuckets of(long fromMinute, long toMinute, int maxPoints) {
        if (toMinute <= fromMinute || maxPoints < 1) {
            throw new IllegalArgumentException("an empty window or no points: " + fromMinute + ".." + toMinute);
        }
        long first = Math.floorDiv(fromMinute, HOUR) * HOUR;
        long hours = ceilDiv(toMinute - first, HOUR);
        long bucketMinutes = ceilDiv(hours, maxPoints) * HOUR;
        int count = (int) ceilDiv(toMinute - first, bucketMinutes);
        return new HourBuckets(fromMinute, toMinute, first, bucketMinutes, count);
    }

    /** The bucket of a row; rows outside the window (the store never returns them) are clamped, not dropped. */
    public int index(long epochMinute) {
        long i = Math.floorDiv(epochMinute - firstMinute, bucketMinutes);
        return (int) Math.max(0, Math.min(count - 1, i));
    }

    public long startMinute(int index) {
        return firstMinute + index * bucketMinutes;
    }

    /**
     * Seconds of bucket {@code index} that lie in the range [fromNanos, toNanos): what its request rate divides
     * by, so the partial first and last buckets are not diluted by time outside the range.
     */
    public double seconds(int index, long fromNanos, long toNanos) {
        long start = Math.max(startMinute(index) * 60_000_000_000L, fromNanos);
        long end = Math.min((startMinute(index) + bucketMinutes) * 60_000_000_000L, toNanos);
        return Math.max(1e-9, (end - start) / 1e9);
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
