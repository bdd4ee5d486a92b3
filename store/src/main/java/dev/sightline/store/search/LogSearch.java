package dev.sightline.store.search;

import dev.sightline.store.index.IndexStore;
import dev.sightline.store.index.RecordDigest;
import dev.sightline.store.model.LogBatch;
import dev.sightline.store.model.LogRecord;
import dev.sightline.store.model.ResourceGroup;
import dev.sightline.store.model.ScopeGroup;
import dev.sightline.store.model.Scoped;
import dev.sightline.store.model.Signal;
import dev.sightline.store.query.AnyValues;
import dev.sightline.store.query.LogQuery;
import dev.sightline.store.query.Page;
import dev.sightline.store.read.LogSearcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Log search. With a trace ID it reads only that trace's records (through the trace index); otherwise it scans log
 * records from the newest back, listing only records whose time range overlaps the query and skipping those whose
 * skip index rules them out (service, highest severity). Pages go by record, newest stored first; within a page
 * the records are sorted newest first by time.
 */
public final class LogSearch implements LogSearcher {
    private final IndexStore index;
    private final RecordSource source;
    private final ScanBudget budget;

    public LogSearch(IndexStore index, RecordSource source, ScanBudget budget) {
        this.index = index;
        this.source = source;
        this.budget = budget;
    }

    @Override
    public Page<Scoped<LogRecord>> searchLogs(LogQuery query) {
        if (query.traceId() != null) {
            return searchTrace(query);
        }
        String needle = query.text() == null ? null : query.text().toLowerCase(Locale.ROOT);
        NewestFirstScan.Result<Scoped<LogRecord>> scan = NewestFirstScan.run(index, source, budget, Signal.LOGS,
                query.range(), query.cursor(), query.limit(), digest -> admits(digest, query),
                batch -> batch instanceof LogBatch logs ? matching(logs, query, needle) : List.of());
        List<Scoped<LogRecord>> sorted = new ArrayList<>(scan.hits());
        sorted.sort(TraceAssembler.LOG_TIME_ORDER.reversed());
        return new Page<>(sorted, scan.nextCursor(), scan.complete(), scan.recordsRead());
    }

    private Page<Scoped<LogRecord>> searchTrace(LogQuery query) {
        List<Long> positions = index.tracePositions(query.traceId(), Signal.LOGS);
        String needle = query.text() == null ? null : query.text().toLowerCase(Locale.ROOT);
        List<Scoped<LogRecord>> all = new TraceAssembler(source).logs(query.traceId(), positions);
        List<Scoped<LogRecord>> kept = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0; i--) {
            Scoped<LogRecord> s = all.get(i);
            if (matches(s.resource().serviceName(), s, query, needle)) {
                kept.add(s);
            }
        }
        int from = offset(query.cursor());
        int to = Math.min(kept.size(), from + query.limit());
        String next = to < kept.size() ? "o" + to : null;
        return new Page<>(from >= kept.size() ? List.of() : kept.subList(from, to), next, true, positions.size());
    }

    private static int offset(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return 0;
        }
        try {
            if (cursor.startsWith("o")) {
                int n = Integer.parseInt(cursor.substring(1));
                if (n >= 0) {
                    return n;
                }
            }
        } catch (NumberFormatException e) {
            // falls through
        }
        throw new IllegalArgumentException("not a cursor this search returned: " + cursor);
    }

    static boolean admits(RecordDigest d, LogQuery q) {
        if (q.service() != null && !d.mayHaveService(q.service())) {
            return false;
        }
        return q.minSeverity() == 0 || d.maxSeverity() >= q.minSeverity();
    }

    private static List<Scoped<LogRecord>> matching(LogBatch batch, LogQuery q, String needle) {
        List<Scoped<LogRecord>> out = new ArrayList<>();
        for (ResourceGroup<LogRecord> g : batch.resources()) {
            String service = g.resource().serviceName();
            if (q.service() != null && !q.service().equals(service)) {
                continue;
            }
            for (ScopeGroup<LogRecord> s : g.scopes()) {
                for (LogRecord r : s.items()) {
                    Scoped<LogRecord> scoped = new Scoped<>(g.resource(), s.scope(), r);
                    if (matches(service, scoped, q, needle)) {
                        out.add(scoped);
                    }
                }
            }
        }
        return out;
    }

    private static boolean matches(String service, Scoped<LogRecord> s, LogQuery q, String needle) {
        LogRecord r = s.item();
        if (!q.range().contains(r.effectiveEpochNanos())) {
            return false;
        }
        if (q.service() != null && !q.service().equals(service)) {
            return false;
        }
        if (r.severityNumber() < q.minSeverity()) {
            return false;
        }
        if (q.traceId() != null && !q.traceId().equals(r.traceId())) {
            return false;
        }
        if (q.spanId() != null && !q.spanId().equals(r.spanId())) {
            return false;
        }
        if (needle != null && (r.body() == null
                || !AnyValues.text(r.body()).toLowerCase(Locale.ROOT).contains(needle))) {
            return false;
        }
        return q.filter().matches(ItemLookup.of(s.resource(), r));
    }
}
