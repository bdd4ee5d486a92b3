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

    /** Samples in a row over the soft limit with no collection seen, after which one is asked for. */
    static final int STALE_SAMPLES = 5;

    private final HeapUsage heap;
    private final Runnable collect;
    private final long maxBytes;
    private final long softBytes;
    private final long hardBytes;
    private volatile Level level = Level.NORMAL;
    private volatile long lastUsed;
    private int unchangedSamples;

    /**
     * @param heap        heap in use after the last collection, and the maximum ({@link HeapAfterGc} outside tests)
     * @param softPercent refuse exports above this, 1..100
     * @param hardPercent also refuse queries above this, 0 (never) or softPercent..100
     * @param collect     asks for a garbage collection ({@link System#gc} outside tests); see {@link #sample()}
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
     * Reads the heap once and updates the level. Over the soft limit, exports are refused, so little is allocated
     * and the collector may not run for a long time: the after-GC figure would then stay over the limit, and the
     * guard refusing, long after the data it counted is gone (seen in the overload benchmark: 20 s). So after
     * {@link #STALE_SAMPLES} samples over the soft limit with the figure unchanged, the guard asks for a collection
     * to learn what is really still held.
     */
    public synchronized void sample() {
        long used = heap.usedBytes();
        unchangedSamples = used == lastUsed && used >= softBytes ? unchangedSamples + 1 : 0;
        if (unchangedSamples >= STALE_SAMPLES) {
            unchangedSamples = 0;
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
