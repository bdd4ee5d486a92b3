package dev.sightline.query.metrics;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a range query computes at each step. */
public enum MetricFunction {
    /** The latest value at or before the step, within the lookback (gauges, sums). */
    VALUE,
    /** Per-second increase over the window (monotonic sums; histograms and summaries: their count). */
    RATE,
    /** Increase over the window. */
    INCREASE,
    /** {@code histogram_quantile(q, rate(...))} over the window (histograms, exponential histograms). */
    QUANTILE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Null when the text names no function. */
    public static MetricFunction parse(String text) {
        for (MetricFunction f : values()) {
            if (f.wireName().equals(text)) {
                return f;
            }
        }
        return null;
    }

    public static String names() {
        return Arrays.stream(values()).map(MetricFunction::wireName).collect(Collectors.joining(", "));
    }
}
