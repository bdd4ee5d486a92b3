package dev.sightline.collector.limits;

import dev.sightline.store.model.TraceId;

/**
 * Spans received per trace, for the spans-per-trace limit, in a fixed table of {@code slots} traces: a trace's
 * slot is chosen by its ID, and a different trace landing on a taken slot takes it over. Memory is fixed
 * (20 bytes a slot) and every lookup is O(1); the price is that a trace pushed out of the table starts again
 * from zero, so the limit is exact for the traces being written at once, which are the ones it is for.
 */
public final class TraceSpanCounts {
    private final int maxSpansPerTrace;
    private final long[] high;
    private final long[] low;
    private final int[] count;
    private final int mask;

    public TraceSpanCounts(int maxSpansPerTrace, int slots) {
        if (maxSpansPerTrace <= 0 || slots <= 0) {
            throw new IllegalArgumentException("maxSpansPerTrace and slots must be positive");
        }
        this.maxSpansPerTrace = maxSpansPerTrace;
        int size = Integer.highestOneBit(slots * 2 - 1);
        this.high = new long[size];
        this.low = new long[size];
        this.count = new int[size];
        this.mask = size - 1;
    }

    /** Counts one more span of {@code trace}; false (and not counted) when the trace already has the maximum. */
    public synchronized boolean admit(TraceId trace) {
        int i = (int) (trace.low() ^ trace.high() * 0x9E3779B97F4A7C15L) & mask;
        if (high[i] != trace.high() || low[i] != trace.low()) {
            high[i] = trace.high();
            low[i] = trace.low();
            count[i] = 0;
        }
        if (count[i] >= maxSpansPerTrace) {
            return false;
        }
        count[i]++;
        return true;
    }

    public int maxSpansPerTrace() {
        return maxSpansPerTrace;
    }
}
