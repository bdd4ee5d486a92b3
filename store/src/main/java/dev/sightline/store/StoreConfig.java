package dev.sightline.store;

import dev.sightline.store.model.Signal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the embedded store needs to open. The server maps its documented properties onto this;
 * the store itself knows no configuration framework.
 *
 * @param dataDirectory     root of the log segments, the H2 file and the Chronicle Maps
 * @param segmentBytes      a log segment is closed and a new one started past this size
 * @param segmentMaxAge     ... or past this age, so retention can drop whole segments at a fine grain
 * @param fsyncPolicy       when appended records are forced to stable storage
 * @param fsyncInterval     for {@link FsyncPolicy#INTERVAL}: how often
 * @param maxPendingBytes   encoded bytes accepted but not yet written; past this, appends are refused (overload)
 * @param maxIndexLag       records written but not yet indexed; past this, appends are refused (overload)
 * @param retention         age after which a signal's data is deleted
 * @param diskBudgetBytes   total bytes of log segments; past this, the oldest segments are deleted (0 = no budget)
 * @param retentionInterval how often retention runs
 * @param correlationKeys   attribute keys (of spans and log records) whose values are correlation IDs, indexed for
 *                          {@code CorrelationReader}; a change applies to data stored after it
 * @param rollupRetention   age after which per-minute rollups (golden signals, service graph) are deleted; longer
 *                          than the raw data's, so SLO windows outlive raw spans
 */
public record StoreConfig(
        Path dataDirectory,
        long segmentBytes,
        Duration segmentMaxAge,
        FsyncPolicy fsyncPolicy,
        Duration fsyncInterval,
        long maxPendingBytes,
        int maxIndexLag,
        Map<Signal, Duration> retention,
        long diskBudgetBytes,
        Duration retentionInterval,
        List<String> correlationKeys,
        Duration rollupRetention) {

    /** The correlation keys a user expects without configuring any. */
    public static final List<String> DEFAULT_CORRELATION_KEYS =
            List.of("request_id", "correlation_id", "http.request.header.x-request-id", "x-request-id");

    /** Rollups cover a 30-day SLO window plus a few days to look back on. */
    public static final Duration DEFAULT_ROLLUP_RETENTION = Duration.ofDays(35);

    public StoreConfig(Path dataDirectory, long segmentBytes, Duration segmentMaxAge, FsyncPolicy fsyncPolicy,
                       Duration fsyncInterval, long maxPendingBytes, int maxIndexLag, Map<Signal, Duration> retention,
                       long diskBudgetBytes, Duration retentionInterval) {
        this(dataDirectory, segmentBytes, segmentMaxAge, fsyncPolicy, fsyncInterval, maxPendingBytes, maxIndexLag,
                retention, diskBudgetBytes, retentionInterval, DEFAULT_CORRELATION_KEYS, DEFAULT_ROLLUP_RETENTION);
    }

    public enum FsyncPolicy {
        /** Written to the OS before the ack: survives a process crash (kill -9), not a power loss. */
        NEVER,
        /** Forced to disk before the ack (one fsync per group commit): survives a power loss. */
        ALWAYS,
        /** Forced to disk every {@code fsyncInterval}; the ack waits only for the OS write. */
        INTERVAL
    }

    public StoreConfig {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        retention = Map.copyOf(retention);
        correlationKeys = List.copyOf(correlationKeys);
        Objects.requireNonNull(rollupRetention, "rollupRetention");
        for (Signal s : Signal.values()) {
            if (!retention.containsKey(s)) {
                throw new IllegalArgumentException("no retention for " + s);
            }
        }
        if (segmentBytes < 1024) {
            throw new IllegalArgumentException("segmentBytes must be at least 1024, got " + segmentBytes);
        }
    }

    /** Defaults for tests and tools: 7 days retention, 64 MiB segments, OS-level durability. */
    public static StoreConfig defaults(Path dataDirectory) {
        Duration week = Duration.ofDays(7);
        return new StoreConfig(dataDirectory, 64L << 20, Duration.ofHours(1), FsyncPolicy.NEVER,
                Duration.ofSeconds(1), 256L << 20, 10_000,
                Map.of(Signal.TRACES, week, Signal.LOGS, week, Signal.METRICS, week),
                0, Duration.ofMinutes(1));
    }

    public StoreConfig withDataDirectory(Path dir) {
        return new StoreConfig(dir, segmentBytes, segmentMaxAge, fsyncPolicy, fsyncInterval, maxPendingBytes,
                maxIndexLag, retention, diskBudgetBytes, retentionInterval, correlationKeys, rollupRetention);
    }

    public StoreConfig withCorrelationKeys(List<String> keys) {
        return new StoreConfig(dataDirectory, segmentBytes, segmentMaxAge, fsyncPolicy, fsyncInterval, maxPendingBytes,
                maxIndexLag, retention, diskBudgetBytes, retentionInterval, keys, rollupRetention);
    }

    public StoreConfig withRollupRetention(Duration age) {
        return new StoreConfig(dataDirectory, segmentBytes, segmentMaxAge, fsyncPolicy, fsyncInterval, maxPendingBytes,
                maxIndexLag, retention, diskBudgetBytes, retentionInterval, correlationKeys, age);
    }
}
