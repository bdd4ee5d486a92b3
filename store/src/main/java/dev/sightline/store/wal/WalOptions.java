package dev.sightline.store.wal;

import dev.sightline.store.StoreConfig;
import dev.sightline.store.StoreConfig.FsyncPolicy;

import java.time.Duration;
import java.util.Objects;

/**
 * How one log behaves; {@link #from(StoreConfig)} maps the store's configuration.
 *
 * @param segmentBytes    a segment is closed before a record would take it past this size (capped at 2 GiB)
 * @param segmentMaxAge   ... or once it is this old (zero or negative: no age limit)
 * @param fsyncPolicy     when written records are forced to disk
 * @param fsyncInterval   for {@link FsyncPolicy#INTERVAL}
 * @param maxPendingBytes encoded bytes accepted but not yet written; an append past it is refused
 */
public record WalOptions(long segmentBytes, Duration segmentMaxAge, FsyncPolicy fsyncPolicy, Duration fsyncInterval,
                         long maxPendingBytes) {

    static final long MAX_SEGMENT_BYTES = 2L << 30;

    public WalOptions {
        if (segmentBytes < 1024) {
            throw new IllegalArgumentException("segmentBytes must be at least 1024, got " + segmentBytes);
        }
        segmentBytes = Math.min(segmentBytes, MAX_SEGMENT_BYTES);
        Objects.requireNonNull(segmentMaxAge, "segmentMaxAge");
        Objects.requireNonNull(fsyncPolicy, "fsyncPolicy");
        Objects.requireNonNull(fsyncInterval, "fsyncInterval");
        if (fsyncPolicy == FsyncPolicy.INTERVAL && (fsyncInterval.isNegative() || fsyncInterval.isZero())) {
            throw new IllegalArgumentException("fsyncInterval must be positive for INTERVAL, got " + fsyncInterval);
        }
        if (maxPendingBytes <= 0) {
            throw new IllegalArgumentException("maxPendingBytes must be positive, got " + maxPendingBytes);
        }
    }

    public static WalOptions from(StoreConfig config) {
        return new WalOptions(config.segmentBytes(), config.segmentMaxAge(), config.fsyncPolicy(),
                config.fsyncInterval(), config.maxPendingBytes());
    }

    /** The largest record this log accepts, header included. */
    long maxRecordBytes() {
        return Math.min(maxPendingBytes, SegmentFormat.MAX_PAYLOAD_BYTES + SegmentFormat.RECORD_HEADER_BYTES);
    }
}
