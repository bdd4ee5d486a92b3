package dev.sightline.store.read;

import dev.sightline.store.model.LogRecord;
import dev.sightline.store.model.Scoped;
import dev.sightline.store.model.TraceId;

import java.util.List;

public interface LogReader {

    /** Every stored log record of the trace, each once, oldest first (by time, else observed time). */
    List<Scoped<LogRecord>> logsOfTrace(TraceId traceId);

    /**
     * The newest log records, of one service or of all when {@code service} is null, newest first, each once.
     * Looks only at the newest {@code maxBatchesScanned} stored batches: a bounded look at what just happened,
     * not a search (log search with an index is the query API's).
     */
    List<Scoped<LogRecord>> recentLogs(String service, int limit, int maxBatchesScanned);
}
