package dev.sightline.alerting.rule;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A golden signal computed from the span rollups over the rule's window. Latencies are in seconds; {@code errors}
 * and {@code requests} are counts in the window, {@code request_rate} is per second.
 */
public enum GoldenSignal {
    ERROR_RATIO, ERRORS, REQUESTS, REQUEST_RATE,
    LATENCY_P50(0.50), LATENCY_P90(0.90), LATENCY_P95(0.95), LATENCY_P99(0.99), LATENCY_MAX(1.0);

    private final double quantile;

    GoldenSignal() {
        this(Double.NaN);
    }

    GoldenSignal(double quantile) {
        this.quantile = quantile;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isLatency() {
        return !Double.isNaN(quantile);
    }

    /** The latency quantile (1 for the maximum); NaN for the other signals. */
    public double quantile() {
        return quantile;
    }

    /** Null when {@code text} names no golden signal. */
    public static GoldenSignal parse(String text) {
        for (GoldenSignal s : values()) {
            if (s.wireName().equals(text)) {
                return s;
            }
        }
        return null;
    }

    public static String names() {
        return Arrays.stream(values()).map(GoldenSignal::wireName).collect(Collectors.joining(", "));
    }
}
