package dev.sightline.server.store;

import dev.sightline.store.StoreConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;
import java.util.List;

/** The embedded store's settings. Every one is listed in docs/configuration.md. */
@ConfigMapping(prefix = "sightline.store")
public interface StoreSettings {

    /** Root of the write-ahead log, the H2 index and the Chronicle Maps. */
    @WithName("data-dir")
    @WithDefault("./data")
    String dataDir();

    /** A log segment is closed and a new one started past this many bytes. */
    @WithName("segment-bytes")
    @WithDefault("67108864")
    long segmentBytes();

    /** ... or past this age, so retention can drop data at a fine grain. */
    @WithName("segment-max-age")
    @WithDefault("1h")
    Duration segmentMaxAge();

    /**
     * When appended records are forced to disk: {@code never} (written to the OS before the ack: survives a
     * crash of the process, not of the machine), {@code always} (fsync before the ack), {@code interval}.
     */
    @WithDefault("never")
    StoreConfig.FsyncPolicy fsync();

    /** With {@code fsync=interval}: how often. */
    @WithName("fsync-interval")
    @WithDefault("1s")
    Duration fsyncInterval();

    /** Encoded bytes accepted but not yet written; past it exports are refused with a retry hint. */
    @WithName("max-pending-bytes")
    @WithDefault("67108864")
    long maxPendingBytes();

    /** Log records written but not yet indexed; past it exports are refused with a retry hint. */
    @WithName("max-index-lag")
    @WithDefault("2000")
    int maxIndexLag();

    /** Total bytes of log segments kept; past it the oldest are deleted. 0 = no budget. */
    @WithName("disk-budget-bytes")
    @WithDefault("0")
    long diskBudgetBytes();

    /** How often retention runs. */
    @WithName("retention-interval")
    @WithDefault("1m")
    Duration retentionInterval();

    /**
     * Attribute keys (of spans and log records) whose values are correlation IDs: one lookup finds every trace and
     * log that carries the ID. A change applies to data stored after it.
     */
    @WithName("correlation-keys")
    @WithDefault("request_id,correlation_id,http.request.header.x-request-id,x-request-id")
    List<String> correlationKeys();

    Retention retention();

    Rollups rollups();

    interface Retention {
        /** Age after which spans are deleted. */
        @WithDefault("7d")
        Duration traces();

        /** Age after which log records are deleted. */
        @WithDefault("7d")
        Duration logs();

        /** Age after which metric points are deleted. */
        @WithDefault("7d")
        Duration metrics();

        /**
         * Age after which the per-minute rollups (golden signals, latency sketches, service graph) are deleted.
         * Longer than the raw data's, so a 30-day SLO window outlives the spans.
         */
        @WithDefault("35d")
        Duration rollups();
    }

    /** Limits of the per-minute rollups; see store/README.md, "Rollups". */
    interface Rollups {
        /** Operations (span name and kind) kept per service; further names are counted under {@code <other>}. */
        @WithName("max-operations-per-service")
        @WithDefault("2000")
        int maxOperationsPerService();

        /** Operations kept over all services; further ones are counted under {@code <other>} of their service. */
        @WithName("max-operations")
        @WithDefault("100000")
        int maxOperations();

        /** Callees kept per caller in the service graph; further ones are counted under {@code <other>}. */
        @WithName("max-callees-per-caller")
        @WithDefault("1000")
        int maxCalleesPerCaller();

        /** How long one side of a call (client or server span) waits for the other, in ingest time. */
        @WithName("edge-wait")
        @WithDefault("10s")
        Duration edgeWait();

        /** Sides of calls waiting for their other side at most; past it the oldest stop waiting. */
        @WithName("max-pending-edges")
        @WithDefault("100000")
        int maxPendingEdges();

        /** Rollup rows kept decoded in memory (1 to 5 KB each). */
        @WithName("cached-rows")
        @WithDefault("8192")
        int cachedRows();

        /** How often rollup rows changed in memory are written to disk. */
        @WithName("flush-interval")
        @WithDefault("1s")
        Duration flushInterval();

        /** Spans that start more than this after they were received are not rolled up (a broken clock). */
        @WithName("max-clock-skew")
        @WithDefault("1h")
        Duration maxClockSkew();
    }
}
