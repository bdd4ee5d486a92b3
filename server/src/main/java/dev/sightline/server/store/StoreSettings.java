package dev.sightline.server.store;

import dev.sightline.store.StoreConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;

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

    Retention retention();

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
    }
}
