package dev.sightline.query.metrics;

/**
 * The points of a time-sorted series in the left-open window (at − window, at], as indexes {@code lo} to
 * {@code hi} (empty when {@code hi < lo}); {@code from} is the window's open left edge.
 */
record PointWindow(long from, int lo, int hi) {

    static PointWindow of(long[] t, long at, long window) {
        long from = at - window;
        return new PointWindow(from, lastAtOrBefore(t, from) + 1, lastAtOrBefore(t, at));
    }

    /** The last index with t[i] ≤ at, or -1. */
    static int lastAtOrBefore(long[] t, long at) {
        int lo = 0;
        int hi = t.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (t[mid] <= at) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo - 1;
    }
}
