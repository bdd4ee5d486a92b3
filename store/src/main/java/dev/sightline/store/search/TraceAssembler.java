package dev.sightline.store.search;

import dev.sightline.store.model.LogBatch;
import dev.sightline.store.model.LogRecord;
import dev.sightline.store.model.ResourceGroup;
import dev.sightline.store.model.ScopeGroup;
import dev.sightline.store.model.Scoped;
import dev.sightline.store.model.Signal;
import dev.sightline.store.model.Span;
import dev.sightline.store.model.SpanBatch;
import dev.sightline.store.model.SpanId;
import dev.sightline.store.model.TraceId;
import dev.sightline.store.read.Trace;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Puts a trace (or its logs) together from the records that hold it. Dedup happens here, at read time: the first
 * copy of a span in log order wins, identical log records are kept once. That is what makes ingest idempotent.
 */
public final class TraceAssembler {
    private final RecordSource source;

    public TraceAssembler(RecordSource source) {
        this.source = source;
    }

    public static final Comparator<Scoped<LogRecord>> LOG_TIME_ORDER =
            Comparator.comparingLong((Scoped<LogRecord> s) -> s.item().effectiveEpochNanos())
                    .thenComparingLong(s -> s.item().observedEpochNanos());

    public Optional<Trace> trace(TraceId traceId, List<Long> positions) {
        Map<SpanId, Scoped<Span>> spans = new LinkedHashMap<>();
        for (long position : positions) {
            if (!(source.readTrace(Signal.TRACES, position, traceId) instanceof SpanBatch batch)) {
                continue;
            }
            for (ResourceGroup<Span> g : batch.resources()) {
                for (ScopeGroup<Span> s : g.scopes()) {
                    for (Span span : s.items()) {
                        if (span.traceId().equals(traceId)) {
                            spans.putIfAbsent(span.spanId(), new Scoped<>(g.resource(), s.scope(), span));
                        }
                    }
                }
            }
        }
        if (spans.isEmpty()) {
            return Optional.empty();
        }
        List<Scoped<Span>> sorted = new ArrayList<>(spans.values());
        sorted.sort(Comparator.comparingLong((Scoped<Span> s) -> s.item().startEpochNanos())
                .thenComparing((a, b) -> Long.compareUnsigned(a.item().spanId().value(), b.item().spanId().value())));
        return Optional.of(new Trace(traceId, sorted));
    }

    /** The log records of the trace in the records at {@code positions}, each once, oldest first. */
    public List<Scoped<LogRecord>> logs(TraceId traceId, List<Long> positions) {
        LinkedHashSet<Scoped<LogRecord>> found = new LinkedHashSet<>();
        for (long position : positions) {
            if (!(source.readTrace(Signal.LOGS, position, traceId) instanceof LogBatch batch)) {
                continue;
            }
            for (ResourceGroup<LogRecord> g : batch.resources()) {
                for (ScopeGroup<LogRecord> s : g.scopes()) {
                    for (LogRecord r : s.items()) {
                        if (traceId.equals(r.traceId())) {
                            found.add(new Scoped<>(g.resource(), s.scope(), r));
                        }
                    }
                }
            }
        }
        List<Scoped<LogRecord>> sorted = new ArrayList<>(found);
        sorted.sort(LOG_TIME_ORDER);
        return sorted;
    }
}
