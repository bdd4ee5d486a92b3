package dev.sightline.ui.traces;

import dev.sightline.store.rollup.LatencySketch;

/**
 * How a span's duration compares with the usual p95 of its operation: the colour of its bar in the waterfall.
 * Two times the p95 is where "slower than usual" becomes "something is wrong here"; the sketch's relative error
 * is allowed for, so a span exactly at the p95 is not called slow because of rounding.
 */
public enum LatencyClass {
    /** No span of the operation in the baseline window (a new operation, or rollups past retention). */
    NO_BASELINE("lat-none", "no baseline"),
    WITHIN("lat-within", "within the usual p95"),
    ABOVE("lat-above", "above the usual p95"),
    FAR_ABOVE("lat-far", "above 2× the usual p95");

    private final String cssClass;
    private final String label;

    LatencyClass(String cssClass, String label) {
        this.cssClass = cssClass;
        this.label = label;
    }

    public static LatencyClass of(long durationNanos, Double p95Nanos) {
        if (p95Nanos == null || p95Nanos.isNaN() || p95Nanos <= 0) {
            return NO_BASELINE;
        }
        double p95 = p95Nanos * (1 + LatencySketch.RELATIVE_ACCURACY);
        if (durationNanos <= p95) {
            return WITHIN;
        }
        return durationNanos <= 2 * p95 ? ABOVE : FAR_ABOVE;
    }

    public String cssClass() {
        return cssClass;
    }

    public String label() {
        return label;
    }
}
