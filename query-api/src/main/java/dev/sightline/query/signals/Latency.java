package dev.sightline.query.signals;

import dev.sightline.store.rollup.LatencySketch;

/** Latency percentiles in milliseconds from a merged sketch; null fields when there was no request. */
public record Latency(long count, Double p50Ms, Double p95Ms, Double p99Ms, Double maxMs) {

    static Latency of(LatencySketch s) {
        if (s.isEmpty()) {
            return new Latency(0, null, null, null, null);
        }
        return new Latency(s.count(), ms(s.quantileNanos(0.50)), ms(s.quantileNanos(0.95)),
                ms(s.quantileNanos(0.99)), ms(s.maxNanos()));
    }

    private static Double ms(double nanos) {
        return nanos / 1e6;
    }
}
