package dev.sightline.query.traces.analysis;

/** Nanosecond arithmetic that saturates instead of wrapping: times come from senders and may be absurd. */
final class Durations {
    private Durations() {
    }

    /** {@code to - from} for {@code to >= from}, at most {@link Long#MAX_VALUE}. */
    static long between(long from, long to) {
        long d = to - from;
        return d < 0 ? Long.MAX_VALUE : d;
    }

    static long add(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
