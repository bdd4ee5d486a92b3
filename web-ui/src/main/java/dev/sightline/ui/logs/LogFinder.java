package dev.sightline.ui.logs;

import dev.sightline.store.model.LogRecord;
import dev.sightline.store.model.Scoped;
import dev.sightline.store.query.Correlation;
import dev.sightline.store.query.LogQuery;
import dev.sightline.store.query.Page;
import dev.sightline.store.read.CorrelationReader;
import dev.sightline.store.read.LogSearcher;
import dev.sightline.ui.web.PageException;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Runs the explorer's search: the store's log search (bounded by its scan budget, paged by its cursor), or, with
 * a request ID, the correlation lookup filtered by the other criteria (bounded by the lookup's own limits, paged
 * by an offset). Either way the answer is newest first.
 */
@Singleton
public class LogFinder {
    private static final Comparator<Scoped<LogRecord>> NEWEST_FIRST =
            Comparator.comparingLong((Scoped<LogRecord> s) -> s.item().effectiveEpochNanos()).reversed();
    private static final String OFFSET = "o";

    private final LogSearcher logs;
    private final CorrelationReader correlations;

    public LogFinder(LogSearcher logs, CorrelationReader correlations) {
        this.logs = logs;
        this.correlations = correlations;
    }

    /** The attribute keys whose values are request IDs, to link a row to its correlation page. */
    public List<String> correlationKeys() {
        return correlations.correlationKeys();
    }

    public Page<Scoped<LogRecord>> find(LogQuery query, String requestId) {
        if (requestId != null) {
            return correlated(query, requestId);
        }
        try {
            return logs.searchLogs(query);
        } catch (IllegalArgumentException e) {
            throw PageException.badParameter("cursor", "is not a cursor this search returned");
        }
    }

    private Page<Scoped<LogRecord>> correlated(LogQuery query, String requestId) {
        int offset = offset(query.cursor());
        Correlation c = correlations.correlate(requestId);
        LogMatch match = new LogMatch(query);
        List<Scoped<LogRecord>> kept = new ArrayList<>();
        for (Scoped<LogRecord> s : c.logs()) {
            if (match.test(s)) {
                kept.add(s);
            }
        }
        kept.sort(NEWEST_FIRST);
        int to = Math.min(kept.size(), offset + query.limit());
        List<Scoped<LogRecord>> page = offset >= kept.size() ? List.of() : kept.subList(offset, to);
        return new Page<>(page, to < kept.size() ? OFFSET + to : null, c.complete(), c.logs().size());
    }

    private static int offset(String cursor) {
        if (cursor == null) {
            return 0;
        }
        try {
            if (cursor.startsWith(OFFSET)) {
                int n = Integer.parseInt(cursor.substring(OFFSET.length()));
                if (n >= 0) {
                    return n;
                }
            }
        } catch (NumberFormatException e) {
            // falls through
        }
        throw PageException.badParameter("cursor", "is not a cursor this search returned");
    }
}
