package dev.sightline.store.read;

import dev.sightline.store.rollup.EdgeRollup;
import dev.sightline.store.rollup.OperationInfo;
import dev.sightline.store.rollup.SpanRollup;

import java.util.List;

/**
 * Per-minute aggregates computed as spans arrive (so a month is a merge of minutes, not a scan of spans). Minutes
 * are Unix epoch minutes of the span's start time ({@code RollupDelta.epochMinute}); ranges are
 * [fromEpochMinute, toEpochMinute). Reads see every span batch the store reports as indexed; sketches in the results
 * are copies the caller may change. Operations past a service's cap, and callees past a caller's, are counted under
 * {@code RollupOptions.OTHER} ({@code <other>}).
 */
public interface RollupReader {

    /**
     * Every operation (span name) of the service with its span kinds, sorted by service, name and kind; all services
     * when null. Operations with no rollup left (retention) are forgotten.
     */
    List<OperationInfo> operations(String service);

    /**
     * Span rollups in the range for a service (all when null) and an operation (all when null), every span kind,
     * one per (service, operation, kind, minute) that had spans, sorted that way; golden signals use the SERVER and
     * CONSUMER rows.
     */
    List<SpanRollup> spanRollups(String service, String operation, long fromEpochMinute, long toEpochMinute);

    /**
     * Like {@link #spanRollups}, but whole hours inside the range may come merged, one row per operation and kind
     * with {@code epochMinute} the hour's first minute: for sums over long ranges (a day is 24 rows per operation,
     * not 1,440). Never for per-minute series.
     */
    default List<SpanRollup> spanRollupsByHour(String service, String operation, long fromEpochMinute,
                                               long toEpochMinute) {
        return spanRollups(service, operation, fromEpochMinute, toEpochMinute);
    }

    /** Service-graph edges (caller → callee), one per (caller, callee, virtual, minute) with calls, sorted so. */
    List<EdgeRollup> edgeRollups(long fromEpochMinute, long toEpochMinute);
}
