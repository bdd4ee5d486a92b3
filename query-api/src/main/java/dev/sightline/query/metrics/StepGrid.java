package dev.sightline.query.metrics;

/**
 * The times a range query is evaluated at: {@code start}, {@code start + step}, … up to {@code end}, and the span of
 * stored points that evaluating them reads.
 */
record StepGrid(long start, long end, long step) {

    static StepGrid of(RangeQuery query) {
        return new StepGrid(query.start(), query.end(), query.step());
    }

    /** How many steps there are; a long, as an unchecked query may ask for more than an array holds. */
    long count() {
        return (end - start) / step + 1;
    }

    long[] times() {
        int n = (int) count();
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = start + i * step;
        }
        return out;
    }

    /** The first step less {@code reach}: from where a step looking back {@code reach} reads points. */
    long readFrom(long reach) {
        long r = start - reach;
        return ((start ^ reach) & (start ^ r)) < 0 ? Long.MIN_VALUE : r;
    }

    /** Just past the last step, without overflowing: the exclusive end of what the query reads. */
    long readTo() {
        return end == Long.MAX_VALUE ? Long.MAX_VALUE : end + 1;
    }
}
