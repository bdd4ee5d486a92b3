package dev.sightline.store.index;

import dev.sightline.store.model.TraceId;

/**
 * What the hot trace map knows of a trace without reading the log.
 *
 * @param startEpochNanos earliest span start (Long.MAX_VALUE when only logs are known)
 * @param endEpochNanos   latest span end (Long.MIN_VALUE when only logs are known)
 * @param spans           spans received, counting retried duplicates (an upper bound)
 * @param logs            log records carrying the trace ID received, likewise
 * @param spanRecords     log records (batches) holding its spans
 * @param logRecords      log records (batches) holding its logs
 */
public record TraceSummary(TraceId traceId, long startEpochNanos, long endEpochNanos, long spans, long logs,
                           int spanRecords, int logRecords) {
}
