package dev.sightline.store.rollup;

/**
 * Counters of the rollups since the store opened, sizes current.
 *
 * @param operations      (service, operation, kind) entries, {@code <other>} ones included
 * @param edges           (caller, callee) entries of the service graph
 * @param pendingEdges    sides of a call waiting for the other side
 * @param evictedEdges    sides expired early because too many were waiting (their calls may be missed)
 * @param foldedSpans     spans counted under {@code <other>} because their service had too many operations
 * @param foldedCalls     calls counted under callee {@code <other>} because their caller had too many callees
 * @param outOfRangeSpans spans not rolled up: they started longer before their batch was received than rollups
 *                        are kept, or further after it than the allowed clock skew
 * @param skippedRecords  span records not applied because the rollups already held them (replay after a crash)
 * @param applyFailures   rollup transactions that failed (the batch is retried)
 * @param recreated       the rollup database could not be used and was recreated empty at open or since
 */
public record RollupStats(long operations, long edges, long pendingEdges, long evictedEdges, long foldedSpans,
                          long foldedCalls, long outOfRangeSpans, long skippedRecords, long applyFailures,
                          boolean recreated) {
}
