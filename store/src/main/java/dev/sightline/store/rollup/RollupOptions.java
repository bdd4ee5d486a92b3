package dev.sightline.store.rollup;

import java.time.Duration;

/**
 * Limits of the rollups. Cardinality caps keep hostile or buggy span names (a URL with an ID as the span name)
 * from exploding rows: past a cap, new names fold into {@link #OTHER}, and the spans folded are counted.
 *
 * @param maxOperationsPerService (name, kind) pairs kept per service; further names fold into {@code <other>}
 * @param maxOperations           operations kept over all services together; further ones fold the same way
 * @param maxCalleesPerCaller     callees kept per caller in the service graph; further ones fold into
 *                                {@code <other>} (virtual peers named by host are the usual culprit)
 * @param edgeWait                how long (in ingest time) one side of a call waits for the other
 * @param maxPendingEdges         sides waiting at most; past it the oldest is expired early
 * @param cachedCells             rollup rows kept in memory, decoded; past it, the rows changed since the last
 *                                write are written and the least recently used ones dropped
 * @param flushInterval           how often the rows changed in memory are written (with the checkpoint, in one
 *                                transaction); a crash loses at most this much, which the log's replay restores
 * @param maxClockSkew            a span that starts more than this after its batch was received is not rolled up
 *                                (counted): a broken clock must not create rows that retention never reaches
 */
public record RollupOptions(int maxOperationsPerService, int maxOperations, int maxCalleesPerCaller,
                            Duration edgeWait, int maxPendingEdges, int cachedCells, Duration flushInterval,
                            Duration maxClockSkew) {

    /** The operation or callee that folded names are counted under. */
    public static final String OTHER = "<other>";

    public RollupOptions {
        if (maxOperationsPerService < 1 || maxOperations < 1 || maxCalleesPerCaller < 1) {
            throw new IllegalArgumentException("cardinality caps must be positive");
        }
        if (edgeWait.isNegative() || flushInterval.isNegative() || maxClockSkew.isNegative() || maxPendingEdges < 1
                || cachedCells < 0) {
            throw new IllegalArgumentException("edgeWait, flushInterval and maxClockSkew must not be negative, "
                    + "maxPendingEdges must be positive and cachedCells not negative");
        }
    }

    public static RollupOptions defaults() {
        return new RollupOptions(2000, 100_000, 1000, Duration.ofSeconds(10), 100_000, 8192, Duration.ofSeconds(1),
                Duration.ofHours(1));
    }

    public RollupOptions withMaxOperationsPerService(int max) {
        return new RollupOptions(max, maxOperations, maxCalleesPerCaller, edgeWait, maxPendingEdges, cachedCells,
                flushInterval, maxClockSkew);
    }

    public RollupOptions withMaxCalleesPerCaller(int max) {
        return new RollupOptions(maxOperationsPerService, maxOperations, max, edgeWait, maxPendingEdges, cachedCells,
                flushInterval, maxClockSkew);
    }

    public RollupOptions withCachedCells(int cells) {
        return new RollupOptions(maxOperationsPerService, maxOperations, maxCalleesPerCaller, edgeWait,
                maxPendingEdges, cells, flushInterval, maxClockSkew);
    }

    public RollupOptions withFlushInterval(Duration interval) {
        return new RollupOptions(maxOperationsPerService, maxOperations, maxCalleesPerCaller, edgeWait,
                maxPendingEdges, cachedCells, interval, maxClockSkew);
    }
}
