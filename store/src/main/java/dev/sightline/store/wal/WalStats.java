package dev.sightline.store.wal;

/**
 * Counters of one log since it was opened (sizes are current).
 *
 * @param bytesOnDisk         bytes of all segment files
 * @param segments            segment files
 * @param recordsAppended     records written since open
 * @param bytesAppended       encoded bytes written since open
 * @param pendingBytes        encoded bytes accepted but not yet written
 * @param overloadRejections  appends refused because {@code maxPendingBytes} was reached
 * @param fsyncs              forces of a segment to disk
 * @param fsyncNanos          total time spent in them
 * @param lastFsyncNanos      the latest one
 * @param truncatedTails      times a torn or corrupt tail was cut at open
 * @param truncatedBytes      bytes cut
 * @param skippedBytes        unreadable bytes after a bad record in an older segment (left on disk, never replayed)
 * @param lastWrittenPosition position of the newest written record, {@link RecordPosition#NONE} if none yet
 */
public record WalStats(long bytesOnDisk, int segments, long recordsAppended, long bytesAppended, long pendingBytes,
                       long overloadRejections, long fsyncs, long fsyncNanos, long lastFsyncNanos,
                       long truncatedTails, long truncatedBytes, long skippedBytes, long lastWrittenPosition) {
}
