package dev.sightline.collector.limits;

import java.util.function.LongSupplier;

/**
 * The metric series of one tenant seen within the active window, at most {@code maxSeries} of them. A series is
 * held as a 64-bit hash of its identity in an open-addressing table sized once for the cap, so its memory never
 * grows past the cap, whatever a client sends: a million new label values cost a million lookups, not a million
 * entries. Series not seen for the window are forgotten when room is needed, by a sweep that runs at most once per
 * {@code window / 60} (at least a second), so a flood of new series cannot make every lookup a sweep.
 */
public final class ActiveSeries {
    private static final long EMPTY = 0;

    private final int maxSeries;
    private final long windowNanos;
    private final long sweepEveryNanos;
    private final LongSupplier nanoClock;
    private final long origin;
    private long[] keys;
    /** Last seen, in seconds since {@link #origin}. */
    private int[] seen;
    private final int mask;
    private int size;
    private long lastSweep;

    public ActiveSeries(int maxSeries, java.time.Duration window, LongSupplier nanoClock) {
        if (maxSeries <= 0) {
            throw new IllegalArgumentException("maxSeries must be positive, got " + maxSeries);
        }
        this.maxSeries = maxSeries;
        this.windowNanos = window.toNanos();
        this.sweepEveryNanos = Math.max(1_000_000_000L, windowNanos / 60);
        this.nanoClock = nanoClock;
        this.origin = nanoClock.getAsLong();
        this.lastSweep = origin;
        int slots = Integer.highestOneBit(Math.max(4, maxSeries) * 2 - 1) << 1; // load factor at most 1/2
        this.keys = new long[slots];
        this.seen = new int[slots];
        this.mask = slots - 1;
    }

    /**
     * Marks the series seen now. True when it is active (was already, or was added within the cap); false when it
     * is new and the tenant already has {@code maxSeries} active series.
     */
    public synchronized boolean admit(long seriesHash) {
        long key = seriesHash == EMPTY ? 1 : seriesHash;
        int now = secondsNow();
        int slot = find(key);
        if (keys[slot] == key) {
            seen[slot] = now;
            return true;
        }
        if (size >= maxSeries) {
            if (!sweepIfDue(now)) {
                return false;
            }
            slot = find(key);
        }
        keys[slot] = key;
        seen[slot] = now;
        size++;
        return true;
    }

    public synchronized int size() {
        return size;
    }

    public int maxSeries() {
        return maxSeries;
    }

    /** Slots in the table: what the tracker's memory is sized by (12 bytes each). */
    int capacity() {
        return keys.length;
    }

    private int find(long key) {
        int i = (int) mix(key) & mask;
        while (keys[i] != EMPTY && keys[i] != key) {
            i = (i + 1) & mask;
        }
        return i;
    }

    /** Drops series idle for the window, if the last sweep is old enough; true when that made room. */
    private boolean sweepIfDue(int now) {
        long nowNanos = nanoClock.getAsLong();
        if (nowNanos - lastSweep < sweepEveryNanos) {
            return false;
        }
        lastSweep = nowNanos;
        long windowSeconds = windowNanos / 1_000_000_000L;
        long[] oldKeys = keys;
        int[] oldSeen = seen;
        keys = new long[oldKeys.length];
        seen = new int[oldSeen.length];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY && now - oldSeen[i] < windowSeconds) {
                int slot = find(oldKeys[i]);
                keys[slot] = oldKeys[i];
                seen[slot] = oldSeen[i];
                size++;
            }
        }
        return size < maxSeries;
    }

    private int secondsNow() {
        return (int) ((nanoClock.getAsLong() - origin) / 1_000_000_000L);
    }

    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }
}
