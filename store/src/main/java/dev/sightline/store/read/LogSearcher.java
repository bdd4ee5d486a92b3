package dev.sightline.store.read;

import dev.sightline.store.model.LogRecord;
import dev.sightline.store.model.Scoped;
import dev.sightline.store.query.LogQuery;
import dev.sightline.store.query.Page;

public interface LogSearcher {

    /** Log records matching the query, newest first (by time), each once, at most {@code limit} per page. */
    Page<Scoped<LogRecord>> searchLogs(LogQuery query);
}
