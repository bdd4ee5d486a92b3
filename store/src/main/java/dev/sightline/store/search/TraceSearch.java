package dev.sightline.store.search;

import dev.sightline.store.index.IndexStore;
import dev.sightline.store.index.RecordDigest;
import dev.sightline.store.model.ResourceGroup;
import dev.sightline.store.model.ScopeGroup;
import dev.sightline.store.model.Signal;
import dev.sightline.store.model.Span;
import dev.sightline.store.model.SpanBatch;
import dev.sightline.store.model.TelemetryBatch;
import dev.sightline.store.model.TraceId;
import dev.sightline.store.query.Page;
import dev.sightline.store.query.TraceHit;
import dev.sightline.store.query.TraceQuery;
import dev.sightline.store.read.TraceSearcher;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Trace search by scanning span records from the newest back, with two things that keep the scan short: the
 * records' time ranges (only records that overlap the query's are listed) and their skip index
 * ({@link RecordDigest}: service and span names, longest span, error spans), which rules out most records of a
 * selective query without decoding them. Hits are then summarised from their whole traces.
 */
public final class TraceSearch implements TraceSearcher {
    private final IndexStore index;
    private final RecordSource source;
    private final ScanBudget budget;

    public TraceSearch(IndexStore index, RecordSource source, ScanBudget budget) {
        this.index = index;
        this.source = source;
        this.budget = budget;
    }

    @Override
    public Page<TraceHit> searchTraces(TraceQuery query) {
        NewestFirstScan.Result<TraceId> scan = NewestFirstScan.run(index, source, budget, Signal.TRACES,
                query.range(), query.cursor(), query.limit(), digest -> admits(digest, query),
                batch -> batch instanceof SpanBatch spans ? matchingTraces(spans, query) : List.of());
        return new Page<>(summaries(scan.hits(), scan.withHits()), scan.nextCursor(), scan.complete(),
                scan.recordsRead());
    }

    /** What the skip index can rule out. */
    static boolean admits(RecordDigest d, TraceQuery q) {
        if (q.service() != null && (q.operation() != null ? !d.mayHaveOperation(q.service(), q.operation())
                : !d.mayHaveService(q.service()))) {
            return false;
        }
        if (q.minDurationNanos() != null && d.maxDurationNanos() < q.minDurationNanos()) {
            return false;
        }
        return !q.errorsOnly() || d.errorSpans() > 0;
    }

    /** Trace IDs with a matching span, in the order they first appear in the record. */
    static List<TraceId> matchingTraces(SpanBatch batch, TraceQuery q) {
        LinkedHashSet<TraceId> out = new LinkedHashSet<>();
        for (ResourceGroup<Span> g : batch.resources()) {
            if (q.service() != null && !q.service().equals(g.resource().serviceName())) {
                continue;
            }
            for (ScopeGroup<Span> s : g.scopes()) {
                for (Span span : s.items()) {
                    if (matches(g, span, q)) {
                        out.add(span.traceId());
                    }
                }
            }
        }
        return new ArrayList<>(out);
    }

    private static boolean matches(ResourceGroup<Span> g, Span span, TraceQuery q) {
        if (!q.range().contains(span.startEpochNanos())) {
            return false;
        }
        if (q.operation() != null && !q.operation().equals(span.name())) {
            return false;
        }
        long d = span.durationNanos();
        if (q.minDurationNanos() != null && d < q.minDurationNanos()) {
            return false;
        }
        if (q.maxDurationNanos() != null && d > q.maxDurationNanos()) {
            return false;
        }
        if (q.errorsOnly() && !span.isError()) {
            return false;
        }
        return q.filter().matches(ItemLookup.of(g.resource(), span));
    }

    private List<TraceHit> summaries(List<TraceId> hits, Map<Long, TelemetryBatch> read) {
        CachedRecords cached = new CachedRecords(source);
        read.forEach((position, batch) -> cached.put(Signal.TRACES, position, batch));
        TraceAssembler assembler = new TraceAssembler(cached);
        List<TraceHit> out = new ArrayList<>(hits.size());
        for (TraceId id : hits) {
            assembler.trace(id, index.tracePositions(id, Signal.TRACES)).map(TraceHits::summarize).ifPresent(out::add);
        }
        return out;
    }
}
