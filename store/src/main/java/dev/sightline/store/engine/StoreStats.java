package dev.sightline.store.engine;

import dev.sightline.store.model.Signal;
import dev.sightline.store.rollup.RollupStats;

import java.util.Map;

/**
 * A snapshot of the store's counters, for the server to publish as metrics. Counters are since the store opened;
 * sizes are current.
 *
 * @param ready           the logs are replayed into the indexes and reads see everything acknowledged
 * @param signals         per signal
 * @param traceEntries    entries in the hot trace map
 * @param seriesEntries   entries in the hot series map
 * @param hotMapsRebuilt  the hot maps were rebuilt from H2 at start (no clean shutdown before)
 * @param indexFailures   index transactions that failed (and were retried)
 * @param rollups         the per-minute rollups and the service graph
 */
public record StoreStats(boolean ready, Map<Signal, SignalStats> signals, long traceEntries, long seriesEntries,
                         boolean hotMapsRebuilt, long indexFailures, RollupStats rollups) {

    public StoreStats {
        signals = Map.copyOf(signals);
    }

    public SignalStats of(Signal signal) {
        return signals.get(signal);
    }

    /**
     * @param acceptedRecords          batches acknowledged (durable in the log)
     * @param acceptedItems            spans, log records or metric points in them
     * @param rejectedRecords          batches refused for overload (pending bytes or index lag)
     * @param walBytes                 bytes of the signal's log segments on disk
     * @param segments                 log segment files
     * @param pendingBytes             encoded bytes accepted but not yet written
     * @param indexLagRecords          records written but not yet indexed
     * @param fsyncs                   forces of the log to disk
     * @param fsyncNanos               total time in them
     * @param lastFsyncNanos           the latest one
     * @param truncatedTails           torn or corrupt log tails cut at open
     * @param truncatedBytes           bytes cut
     * @param skippedBytes             unreadable bytes after a bad record in an older segment
     * @param replayedRecords          records replayed into the indexes at start
     * @param undecodableRecords       records whose payload the codec rejected (kept in the log, not indexed)
     * @param retentionDeletedSegments segments deleted by retention (age or budget)
     * @param retentionDeletedBytes    bytes they held
     */
    public record SignalStats(long acceptedRecords, long acceptedItems, long rejectedRecords, long walBytes,
                              int segments, long pendingBytes, long indexLagRecords, long fsyncs, long fsyncNanos,
                              long lastFsyncNanos, long truncatedTails, long truncatedBytes, long skippedBytes,
                              long replayedRecords, long undecodableRecords, long retentionDeletedSegments,
                              long retentionDeletedBytes) {
    }
}
