package dev.sightline.store.index;

/**
 * Sizes of the indexes. Not in {@code StoreConfig} because they are about this implementation, not the product.
 *
 * @param traceEntries       Chronicle Map capacity for trace summaries (it may grow to 4× this); past it, traces
 *                           are still indexed, through H2 rows
 * @param seriesEntries      Chronicle Map capacity for series keys (may grow to 4× this)
 * @param maxInlinePositions positions of one signal a trace summary holds; further ones go to H2 rows
 * @param maxBatchRecords    log records the indexer applies in one H2 transaction at most
 */
public record IndexOptions(long traceEntries, long seriesEntries, int maxInlinePositions, int maxBatchRecords) {

    public IndexOptions {
        if (traceEntries < 1000 || seriesEntries < 1000) {
            throw new IllegalArgumentException("map capacities must be at least 1000");
        }
        if (maxInlinePositions < 1 || maxInlinePositions > 256) {
            throw new IllegalArgumentException("maxInlinePositions must be in [1, 256], got " + maxInlinePositions);
        }
        if (maxBatchRecords < 1) {
            throw new IllegalArgumentException("maxBatchRecords must be positive, got " + maxBatchRecords);
        }
    }

    public static IndexOptions defaults() {
        return new IndexOptions(1_000_000, 250_000, 32, 1024);
    }
}
