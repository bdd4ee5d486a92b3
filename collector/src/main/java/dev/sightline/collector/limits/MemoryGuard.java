package dev.sightline.collector.limits;

/**
 * Compares the heap in use with a soft and a hard limit, sampled by {@link #sample()} (once a second in the
 * server). What is measured is the heap left after the last garbage collection ({@link HeapAfterGc}), not
 * the heap in use right now: between collections the young generation fills with garbage up to its size, so the
 * instantaneous figure swings between a third and nearly all of the heap in a healthy server and would refuse
 * exports at random. After a collection only live data (and what is about to be promoted) remains; that is what
 * grows when the server really holds too much. It lags by at most one collection, and under allocation pressure
 * collections come often.
 */
public final class MemoryGuard {

    /** Where the heap stands. */
    public enum Level { NORMAL, SOFT, HARD }

    /** Samples between two collections the guard asks for while over the soft limit (10 s at one a second). */
    static final int SAMPLES_BETWEEN_COLLECTIONS = 10;

    private final HeapUsage heap;
    private final Runnable collect;
    private final long maxBytes;
    private final long softBytes;
    private final long hardBytes;
    private volatile Level level = Level.NORMAL;
    private volatile long lastUsed;
    private int samplesSinceCollection = SAMPLES_BETWEEN_COLLECTIONS;

    /**
     * @param heap        heap in use after the last collection, and the maximum ({@link HeapAfterGc} outside tests)
     * @param softPercent refuse exports above this, 1..100
     * @param hardPercent also refuse queries above this, 0 (never) or softPercent..100
     * @param collect     runs a full collection and updates {@code heap} ({@link HeapAfterGc#collectNow} outside
     *                    tests); see {@link #sample()}
     */
    public MemoryGuard(HeapUsage heap, int softPercent, int hardPercent, Runnable collect) {
        if (softPercent < 1 || softPercent > 100 || hardPercent != 0 && (hardPercent < softPercent || hardPercent > 100)) {
            throw new IllegalArgumentException("memory limits must be 1..100 percent with hard >= soft (or hard 0), got "
                    + softPercent + " and " + hardPercent);
        }
        this.heap = heap;
        this.collect = collect;
        this.maxBytes = heap.maxBytes();
        this.softBytes = maxBytes / 100 * softPercent;
        this.hardBytes = hardPercent == 0 ? Long.MAX_VALUE : maxBytes / 100 * hardPercent;
    }

    /**
     * Reads the heap once and updates the level. A figure over the soft limit is confirmed by a full collection
     * before it refuses anything (at most one per {@link #SAMPLES_BETWEEN_COLLECTIONS} samples): after a young
     * collection the old generation still holds whatever died there since the last old or mixed collection, and
     * under overload that is most of it (the overload benchmark saw 0.9 of the heap "in use after GC" with under
     * 0.2 live). Without the check the guard refused everything for seconds at a time over garbage. A refusing
     * guard also stops the allocation that would trigger collections, so without it a stale figure could keep it
     * refusing long after the data is gone.
     */
    public synchronized void sample() {
        long used = heap.usedBytes();
        samplesSinceCollection++;
        if (used >= softBytes && samplesSinceCollection >= SAMPLES_BETWEEN_COLLECTIONS) {
            samplesSinceCollection = 0;
            collect.run();
            used = heap.usedBytes();
        }
        lastUsed = used;
        level = used >= hardBytes ? Level.HARD : used >= softBytes ? Level.SOFT : Level.NORMAL;
    }

    public Level level() {
        return level;
    }

    /** True at the soft limit or above: new exports are refused. */
    public boolean refusesIngest() {
        return level != Level.NORMAL;
    }

    /** True at the hard limit: queries are refused too. */
    public boolean refusesQueries() {
        return level == Level.HARD;
    }

    /** The last sample, as a fraction of the maximum heap. */
    public double usedRatio() {
        return maxBytes <= 0 ? 0 : (double) lastUsed / maxBytes;
    }

    public long softLimitBytes() {
        return softBytes;
    }
}
