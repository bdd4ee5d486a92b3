package dev.sightline.alerting.rule;

import dev.sightline.store.rollup.LatencySketch;
import dev.sightline.store.rollup.SpanRollup;

/** Requests, errors and the merged latency sketch of one service (or operation) over a window. */
final class SignalCell {
    private long requests;
    private long errors;
    private final LatencySketch latency = LatencySketch.empty();

    void add(SpanRollup r) {
        requests += r.requests();
        errors += r.errors();
        latency.merge(r.ok());
        latency.merge(r.failed());
    }

    void add(SignalCell other) {
        requests += other.requests;
        errors += other.errors;
        latency.merge(other.latency);
    }

    long requests() {
        return requests;
    }

    /**
     * The signal's value over {@code seconds}; NaN when it has none (an error ratio or a latency without
     * requests).
     */
    double value(GoldenSignal signal, double seconds) {
        return switch (signal) {
            case ERROR_RATIO -> requests == 0 ? Double.NaN : (double) errors / requests;
            case ERRORS -> errors;
            case REQUESTS -> requests;
            case REQUEST_RATE -> requests / seconds;
            case LATENCY_MAX -> latency.isEmpty() ? Double.NaN : latency.maxNanos() / 1e9;
            default -> latency.isEmpty() ? Double.NaN : latency.quantileNanos(signal.quantile()) / 1e9;
        };
    }
}
